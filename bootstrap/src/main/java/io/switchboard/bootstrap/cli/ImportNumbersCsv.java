package io.switchboard.bootstrap.cli;

import io.switchboard.bootstrap.cli.CsvReader.MalformedCsvException;
import io.switchboard.bootstrap.cli.CsvReader.Row;
import io.switchboard.domain.error.DomainException;
import io.switchboard.domain.number.E164;
import io.switchboard.proto.v1.AvailableNumber;
import io.switchboard.proto.v1.Capabilities;
import io.switchboard.proto.v1.Money;
import io.switchboard.proto.v1.NumberType;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code number,type,monthly_fee,currency[,location][,capabilities]}: a carrier's delivery of
 * numbers for the stock. Capabilities are separated by {@code ;} or spaces ({@code voice;sms}).
 */
public final class ImportNumbersCsv implements CsvFormat<AvailableNumber> {

  static final Set<String> REQUIRED = Set.of("number", "type", "monthly_fee", "currency");
  static final List<String> COLUMNS =
      List.of("number", "type", "monthly_fee", "currency", "location", "capabilities");

  private final int width;
  private final int number;
  private final int type;
  private final int fee;
  private final int currency;
  private final int location;
  private final int capabilities;

  private ImportNumbersCsv(Map<String, Integer> columns, int width) {
    this.width = width;
    this.number = columns.get("number");
    this.type = columns.get("type");
    this.fee = columns.get("monthly_fee");
    this.currency = columns.get("currency");
    this.location = columns.getOrDefault("location", -1);
    this.capabilities = columns.getOrDefault("capabilities", -1);
  }

  public static ImportNumbersCsv fromHeader(Row header) {
    Map<String, Integer> columns = CsvFormat.columns(header);
    for (String name : columns.keySet()) {
      if (!COLUMNS.contains(name)) {
        throw new MalformedCsvException(
            header.line(),
            "unknown column " + name + "; the columns are " + String.join(",", COLUMNS));
      }
    }
    for (String name : COLUMNS) {
      if (REQUIRED.contains(name) && !columns.containsKey(name)) {
        throw new MalformedCsvException(header.line(), "the header has no column " + name);
      }
    }
    return new ImportNumbersCsv(columns, header.fields().size());
  }

  @Override
  public AvailableNumber item(Row row) {
    CsvFormat.requireWidth(row, width);
    var item =
        AvailableNumber.newBuilder()
            .setNumber(number(row))
            .setType(type(row))
            .setMonthlyFee(Money.newBuilder().setAmount(fee(row)).setCurrency(currency(row)));
    if (location >= 0) {
      item.setLocation(row.fields().get(location).strip());
    }
    if (capabilities >= 0) {
      item.setCapabilities(capabilities(row));
    }
    return item.build();
  }

  private String number(Row row) {
    String value = row.fields().get(number).strip();
    try {
      return E164.parse(value).value();
    } catch (DomainException e) {
      throw new MalformedCsvException(row.line(), "number \"" + value + "\" " + e.getMessage());
    }
  }

  private NumberType type(Row row) {
    String value = row.fields().get(type).strip();
    String name = value.toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
    for (NumberType candidate : NumberType.values()) {
      if (candidate != NumberType.NUMBER_TYPE_UNSPECIFIED
          && candidate != NumberType.UNRECOGNIZED
          && (candidate.name().equals(name) || candidate.name().equals("NUMBER_TYPE_" + name))) {
        return candidate;
      }
    }
    throw new MalformedCsvException(
        row.line(), "type \"" + value + "\" is not one of local, toll_free, mobile, national");
  }

  private String fee(Row row) {
    String value = row.fields().get(fee).strip();
    try {
      BigDecimal amount = new BigDecimal(value);
      if (amount.signum() < 0 || value.contains("e") || value.contains("E")) {
        throw new NumberFormatException();
      }
      return amount.toPlainString();
    } catch (NumberFormatException e) {
      throw new MalformedCsvException(
          row.line(), "monthly_fee \"" + value + "\" is not an amount such as 1.50");
    }
  }

  private String currency(Row row) {
    String value = row.fields().get(currency).strip().toUpperCase(Locale.ROOT);
    if (!value.matches("[A-Z]{3}")) {
      throw new MalformedCsvException(
          row.line(), "currency \"" + value + "\" is not an ISO 4217 code such as EUR");
    }
    return value;
  }

  private Capabilities capabilities(Row row) {
    var result = Capabilities.newBuilder();
    for (String token : row.fields().get(capabilities).split("[;\\s]+")) {
      switch (token.strip().toLowerCase(Locale.ROOT).replace('-', '_')) {
        case "" -> {}
        case "voice" -> result.setVoice(true);
        case "sms" -> result.setSms(true);
        case "mms" -> result.setMms(true);
        case "fax" -> result.setFax(true);
        case "emergency" -> result.setEmergency(true);
        case "local_calling" -> result.setLocalCalling(true);
        default ->
            throw new MalformedCsvException(
                row.line(),
                "capability \""
                    + token
                    + "\" is not one of voice, sms, mms, fax, emergency, local_calling");
      }
    }
    return result.build();
  }
}
