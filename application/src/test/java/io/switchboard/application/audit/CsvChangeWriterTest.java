package io.switchboard.application.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvChangeWriterTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "plain|plain",
        "+14155550101|+14155550101",
        "a,b|'\"a,b\"'",
        "say \"hi\"|'\"say \"\"hi\"\"\"'",
        "''|''",
      })
  void a_field_is_quoted_only_when_it_holds_a_separator_and_its_quotes_are_doubled(
      String field, String written) {
    assertThat(CsvChangeWriter.quoted(field)).isEqualTo(written);
  }

  @ParameterizedTest
  @CsvSource({"'line\nbreak'", "'carriage\rreturn'"})
  void a_field_with_a_line_break_is_quoted(String field) {
    assertThat(CsvChangeWriter.quoted(field)).isEqualTo("\"" + field + "\"");
  }
}
