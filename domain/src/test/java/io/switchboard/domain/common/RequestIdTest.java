package io.switchboard.domain.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.error.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestIdTest {

  @ParameterizedTest
  @ValueSource(strings = {"req-1", "3f2c9a4e-8b1d-4c6e-9f0a-2b7d5e1c8a93", "a.b:c_d-E"})
  void a_request_id_is_a_token_of_safe_characters(String value) {
    assertThat(new RequestId(value)).hasToString(value);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"with space", "new\nline", "quote\"", "slash/", "ünïcode"})
  void anything_else_is_an_invalid_request_id(String value) {
    assertThatThrownBy(() -> new RequestId(value))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class,
            e ->
                assertThat(e.violations())
                    .singleElement()
                    .satisfies(v -> assertThat(v.field()).isEqualTo("request_id")));
  }

  @Test
  void a_request_id_is_at_most_128_characters() {
    assertThat(new RequestId("a".repeat(128)).value()).hasSize(128);
    assertThatThrownBy(() -> new RequestId("a".repeat(129)))
        .isExactlyInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void random_request_ids_are_valid_and_distinct() {
    assertThat(RequestId.random()).isNotEqualTo(RequestId.random());
  }
}
