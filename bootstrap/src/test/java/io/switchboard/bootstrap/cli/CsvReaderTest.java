package io.switchboard.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.bootstrap.cli.CsvReader.MalformedCsvException;
import io.switchboard.bootstrap.cli.CsvReader.Row;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

  @Test
  void reads_plain_quoted_and_multi_line_fields_with_the_line_each_record_starts_on()
      throws IOException {
    List<Row> rows =
        rows(
            "\uFEFFnumber,location\r\n"
                + "+12084439178,Boise\r\n"
                + "\n"
                + "+12084439179,\"Twin Falls, ID\"\n"
                + "+12084439180,\"a \"\"quoted\"\"\nsecond line\"\n"
                + "+12084439181,");

    assertThat(rows)
        .containsExactly(
            new Row(1, List.of("number", "location")),
            new Row(2, List.of("+12084439178", "Boise")),
            new Row(4, List.of("+12084439179", "Twin Falls, ID")),
            new Row(5, List.of("+12084439180", "a \"quoted\"\nsecond line")),
            new Row(7, List.of("+12084439181", "")));
  }

  @Test
  void an_unclosed_quote_names_the_line_its_record_starts_on() {
    assertThatThrownBy(() -> rows("number\n+1208\n\"+1209\n+1210\n"))
        .isInstanceOf(MalformedCsvException.class)
        .hasMessageContaining("never closed")
        .extracting(e -> ((MalformedCsvException) e).line())
        .isEqualTo(3L);
  }

  @Test
  void a_quote_inside_an_unquoted_field_or_text_after_a_closing_quote_is_refused() {
    assertThatThrownBy(() -> rows("a,b\nx,y\"z\n"))
        .isInstanceOf(MalformedCsvException.class)
        .extracting(e -> ((MalformedCsvException) e).line())
        .isEqualTo(2L);
    assertThatThrownBy(() -> rows("a,b\n\"x\"y,z\n"))
        .isInstanceOf(MalformedCsvException.class)
        .hasMessageContaining("after a closing quote");
  }

  @Test
  void a_runaway_field_stops_at_the_limit_instead_of_filling_the_heap() {
    String endless = "a\n\"" + "x".repeat(CsvReader.MAX_FIELD_LENGTH + 1);
    assertThatThrownBy(() -> rows(endless))
        .isInstanceOf(MalformedCsvException.class)
        .hasMessageContaining("longer than");
  }

  static List<Row> rows(String text) throws IOException {
    List<Row> rows = new ArrayList<>();
    try (CsvReader csv = new CsvReader(new StringReader(text))) {
      for (Row row = csv.next(); row != null; row = csv.next()) {
        rows.add(row);
      }
    }
    return rows;
  }
}
