package io.switchboard.domain.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.error.InvalidArgumentException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChannelLimitTest {

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 30, ChannelLimit.MAX})
  void a_limit_from_zero_to_max_is_accepted(int value) {
    assertThat(new ChannelLimit(value).value()).isEqualTo(value);
    assertThat(ChannelLimit.of(value)).isEqualTo(new ChannelLimit(value));
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, Integer.MIN_VALUE, ChannelLimit.MAX + 1, Integer.MAX_VALUE})
  void a_limit_below_zero_or_above_max_is_an_invalid_argument(int value) {
    assertThatThrownBy(() -> new ChannelLimit(value))
        .isExactlyInstanceOf(InvalidArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(
      longs = {
        -1L,
        Long.MIN_VALUE,
        ChannelLimit.MAX + 1L,
        1L + Integer.MAX_VALUE,
        4_294_967_296L,
        Long.MAX_VALUE
      })
  void of_long_refuses_values_that_would_wrap_around_an_int(long value) {
    assertThatThrownBy(() -> ChannelLimit.of(value))
        .isExactlyInstanceOf(InvalidArgumentException.class);
  }
}
