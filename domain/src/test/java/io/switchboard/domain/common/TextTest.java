package io.switchboard.domain.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.error.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TextTest {

  @Test
  void a_printable_line_within_the_limit_is_returned_unchanged() {
    assertThat(Text.requireLine("  Support line ☎ ", 20)).isEqualTo("  Support line ☎ ");
    assertThat(Text.requireLine("x".repeat(20), 20)).hasSize(20);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {" ", "\t", "   "})
  void a_line_must_not_be_blank(String value) {
    assertThatThrownBy(() -> Text.requireLine(value, 20))
        .isExactlyInstanceOf(InvalidArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "two\nlines",
        "carriage\rreturn",
        "nul\u0000byte",
        "bell\u0007",
        "tab\tinside",
        "del\u007f"
      })
  void a_line_must_not_contain_control_characters(String value) {
    assertThatThrownBy(() -> Text.requireLine(value, 50))
        .isExactlyInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void a_line_must_respect_its_maximum_length() {
    assertThatThrownBy(() -> Text.requireLine("x".repeat(21), 20))
        .isExactlyInstanceOf(InvalidArgumentException.class);
  }
}
