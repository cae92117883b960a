package io.switchboard.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.bootstrap.cli.CsvReader.MalformedCsvException;
import io.switchboard.bootstrap.cli.CsvReader.Row;
import io.switchboard.proto.v1.AvailableNumber;
import io.switchboard.proto.v1.Capabilities;
import io.switchboard.proto.v1.Money;
import io.switchboard.proto.v1.NumberType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImportNumbersCsvTest {

  private static final Row HEADER =
      new Row(1, List.of("number", "type", "monthly_fee", "currency", "location", "capabilities"));

  @Test
  void a_row_becomes_the_available_number_it_describes() {
    AvailableNumber number =
        ImportNumbersCsv.fromHeader(HEADER)
            .item(
                new Row(
                    2,
                    List.of(
                        "+1 208-443-9178", "toll-free", "1.50", "eur", "Boise, ID", "voice;SMS")));

    assertThat(number)
        .isEqualTo(
            AvailableNumber.newBuilder()
                .setNumber("+12084439178")
                .setType(NumberType.NUMBER_TYPE_TOLL_FREE)
                .setMonthlyFee(Money.newBuilder().setAmount("1.50").setCurrency("EUR"))
                .setLocation("Boise, ID")
                .setCapabilities(Capabilities.newBuilder().setVoice(true).setSms(true))
                .build());
  }

  @Test
  void columns_may_come_in_any_order_and_the_optional_ones_may_be_left_out() {
    var format =
        ImportNumbersCsv.fromHeader(
            new Row(1, List.of("currency", "monthly_fee", "number", "type")));

    assertThat(format.item(new Row(2, List.of("USD", "0", "+12084439178", "NUMBER_TYPE_LOCAL"))))
        .extracting(AvailableNumber::getType, n -> n.getMonthlyFee().getAmount())
        .containsExactly(NumberType.NUMBER_TYPE_LOCAL, "0");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "12345|local|1.50|EUR||voice|number \"12345\"",
        "+12084439178|landline|1.50|EUR||voice|type \"landline\" is not one of",
        "+12084439178|local|-1|EUR||voice|monthly_fee \"-1\"",
        "+12084439178|local|1e3|EUR||voice|monthly_fee \"1e3\"",
        "+12084439178|local|1.50|EURO||voice|currency \"EURO\"",
        "+12084439178|local|1.50|EUR||telepathy|capability \"telepathy\"",
      })
  void a_bad_field_is_named_with_the_line(
      String number,
      String type,
      String fee,
      String currency,
      String location,
      String capabilities,
      String expected) {
    var format = ImportNumbersCsv.fromHeader(HEADER);
    Row row =
        new Row(
            7,
            List.of(number, type, fee, currency, location == null ? "" : location, capabilities));

    assertThatThrownBy(() -> format.item(row))
        .isInstanceOf(MalformedCsvException.class)
        .hasMessageContaining(expected)
        .extracting(e -> ((MalformedCsvException) e).line())
        .isEqualTo(7L);
  }

  @Test
  void a_row_of_the_wrong_width_is_refused() {
    assertThatThrownBy(
            () -> ImportNumbersCsv.fromHeader(HEADER).item(new Row(3, List.of("+12084439178"))))
        .hasMessage("1 fields where the header has 6");
  }

  @Test
  void a_header_without_a_required_column_or_with_an_unknown_one_is_refused() {
    assertThatThrownBy(
            () -> ImportNumbersCsv.fromHeader(new Row(1, List.of("number", "type", "currency"))))
        .hasMessage("the header has no column monthly_fee");
    assertThatThrownBy(() ->
            ImportNumbersCsv.fromHeader(
                new Row(1, List.of("number", "type", "monthly_fee", "currency", "colour"))))
        .hasMessageStartingWith("unknown column colour; the columns are number,type,");
    assertThatThrownBy(() ->
            ImportNumbersCsv.fromHeader(
                new Row(1, List.of("number", "type", "monthly_fee", "currency", "type"))))
        .hasMessage("column type appears twice");
  }
}
