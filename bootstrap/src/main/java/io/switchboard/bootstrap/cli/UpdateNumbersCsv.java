package io.switchboard.bootstrap.cli;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.FieldMask;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.switchboard.bootstrap.cli.CsvReader.MalformedCsvException;
import io.switchboard.bootstrap.cli.CsvReader.Row;
import io.switchboard.proto.v1.PhoneNumber;
import io.switchboard.proto.v1.StartUpdateNumbersJobRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code number,<field path>,<field path>…}: each column after {@code number} (or {@code id}) is an
 * UpdatePhoneNumber mask path, and the mask of every row is those columns. An {@code etag} column,
 * when there, is the precondition of its row rather than a path. An empty cell clears its field; a
 * repeated field takes values separated by {@code ;}, a message field JSON.
 */
public final class UpdateNumbersCsv implements CsvFormat<StartUpdateNumbersJobRequest.Item> {

  private static final Descriptor PHONE_NUMBER = PhoneNumber.getDescriptor();

  private final boolean byId;
  private final int etagColumn;
  private final List<Column> columns;
  private final FieldMask mask;
  private final int width;

  /** One mask path and the fields it walks through, the last one the leaf. */
  private record Column(int index, String path, List<FieldDescriptor> fields) {}

  private UpdateNumbersCsv(boolean byId, int etagColumn, List<Column> columns, int width) {
    this.byId = byId;
    this.etagColumn = etagColumn;
    this.columns = columns;
    this.width = width;
    this.mask =
        FieldMask.newBuilder().addAllPaths(columns.stream().map(Column::path).toList()).build();
  }

  public static UpdateNumbersCsv fromHeader(Row header) {
    CsvFormat.columns(header); // each name once
    List<String> names = header.fields().stream().map(String::strip).toList();
    String first = names.getFirst();
    if (!first.equals("number") && !first.equals("id")) {
      throw new MalformedCsvException(
          header.line(), "the first column must be number (or id), not " + first);
    }
    int etag = -1;
    List<Column> columns = new ArrayList<>();
    for (int i = 1; i < names.size(); i++) {
      String path = names.get(i);
      if (path.equals("etag")) {
        etag = i;
      } else {
        columns.add(new Column(i, path, fields(header.line(), path)));
      }
    }
    if (columns.isEmpty()) {
      throw new MalformedCsvException(
          header.line(), "no field to change: name field paths after number, e.g. routing.label");
    }
    return new UpdateNumbersCsv(first.equals("id"), etag, columns, names.size());
  }

  public FieldMask mask() {
    return mask;
  }

  @Override
  public StartUpdateNumbersJobRequest.Item item(Row row) {
    CsvFormat.requireWidth(row, width);
    String key = row.fields().getFirst().strip();
    if (key.isEmpty()) {
      throw new MalformedCsvException(row.line(), (byId ? "id" : "number") + " is empty");
    }
    PhoneNumber.Builder number = PhoneNumber.newBuilder();
    if (byId) {
      number.setId(key);
    } else {
      number.setNumber(key);
    }
    if (etagColumn >= 0) {
      number.setEtag(row.fields().get(etagColumn).strip());
    }
    for (Column column : columns) {
      set(number, column, row.fields().get(column.index()), row.line());
    }
    return StartUpdateNumbersJobRequest.Item.newBuilder()
        .setPhoneNumber(number)
        .setUpdateMask(mask)
        .build();
  }

  private static List<FieldDescriptor> fields(long line, String path) {
    List<FieldDescriptor> fields = new ArrayList<>();
    Descriptor type = PHONE_NUMBER;
    String[] segments = path.split("\\.", -1);
    for (int i = 0; i < segments.length; i++) {
      FieldDescriptor field = type == null ? null : type.findFieldByName(segments[i]);
      if (field == null) {
        throw new MalformedCsvException(
            line, "column " + path + " is not a field path of PhoneNumber (such as routing.label)");
      }
      fields.add(field);
      boolean last = i == segments.length - 1;
      if (!last) {
        if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE || field.isRepeated()) {
          throw new MalformedCsvException(
              line, "column " + path + ": " + segments[i] + " has no fields to name");
        }
        type = field.getMessageType();
      }
    }
    return fields;
  }

  private static void set(PhoneNumber.Builder number, Column column, String cell, long line) {
    Message.Builder parent = number;
    List<FieldDescriptor> fields = column.fields();
    for (FieldDescriptor field : fields.subList(0, fields.size() - 1)) {
      parent = parent.getFieldBuilder(field);
    }
    FieldDescriptor leaf = fields.getLast();
    String value = cell.strip();
    if (value.isEmpty()) {
      return; // masked and unset: cleared
    }
    try {
      if (leaf.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        // {"<leaf>": <cell>} merged into the parent parses objects, arrays and maps alike
        JsonFormat.parser().merge("{\"" + leaf.getJsonName() + "\":" + value + "}", parent);
      } else if (leaf.isRepeated()) {
        for (String element : value.split(";")) {
          if (!element.isBlank()) {
            parent.addRepeatedField(leaf, scalar(leaf, element.strip()));
          }
        }
      } else {
        parent.setField(leaf, scalar(leaf, value));
      }
    } catch (InvalidProtocolBufferException e) {
      throw new MalformedCsvException(
          line, column.path() + " is not the JSON of a " + leaf.getMessageType().getName());
    } catch (IllegalArgumentException e) {
      throw new MalformedCsvException(line, column.path() + " \"" + value + "\" " + e.getMessage());
    }
  }

  private static Object scalar(FieldDescriptor field, String value) {
    return switch (field.getJavaType()) {
      case STRING -> value;
      case BOOLEAN ->
          switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("is not true or false");
          };
      case INT -> parse(() -> Integer.parseInt(value), "is not a whole number");
      case LONG -> parse(() -> Long.parseLong(value), "is not a whole number");
      case ENUM -> enumValue(field, value);
      default -> throw new IllegalArgumentException("cannot be set from a CSV cell");
    };
  }

  private static EnumValueDescriptor enumValue(FieldDescriptor field, String value) {
    String name = value.toUpperCase(Locale.ROOT).replace('-', '_');
    List<String> accepted = new ArrayList<>();
    String prefix = commonPrefix(field);
    for (EnumValueDescriptor candidate : field.getEnumType().getValues()) {
      if (candidate.getNumber() == 0) {
        continue;
      }
      String shortName =
          candidate.getName().startsWith(prefix)
              ? candidate.getName().substring(prefix.length())
              : candidate.getName();
      accepted.add(shortName.toLowerCase(Locale.ROOT));
      if (candidate.getName().equals(name) || shortName.equals(name)) {
        return candidate;
      }
    }
    throw new IllegalArgumentException("is not one of " + String.join(", ", accepted));
  }

  /** {@code NUMBER_STATUS_} of NUMBER_STATUS_UNSPECIFIED: what the short names leave out. */
  private static String commonPrefix(FieldDescriptor field) {
    String zero = field.getEnumType().findValueByNumber(0).getName();
    return zero.endsWith("UNSPECIFIED")
        ? zero.substring(0, zero.length() - "UNSPECIFIED".length())
        : "";
  }

  private interface Parse<T> {
    T get();
  }

  private static <T> T parse(Parse<T> parse, String message) {
    try {
      return parse.get();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(message);
    }
  }
}
