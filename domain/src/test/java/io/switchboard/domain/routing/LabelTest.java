package io.switchboard.domain.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.error.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class LabelTest {

  @ParameterizedTest
  @ValueSource(strings = {"Support line", "Ventes — Italia", "x"})
  void a_label_is_a_printable_line(String value) {
    assertThat(new Label(value)).hasToString(value);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"  ", "two\nlines", "tab\there"})
  void a_blank_or_multi_line_label_is_an_invalid_argument(String value) {
    assertThatThrownBy(() -> new Label(value)).isExactlyInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void a_label_is_at_most_255_characters() {
    assertThat(new Label("a".repeat(255)).value()).hasSize(255);
    assertThatThrownBy(() -> new Label("a".repeat(256)))
        .isExactlyInstanceOf(InvalidArgumentException.class);
  }
}
