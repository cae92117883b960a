package io.switchboard.bootstrap.cli;

import io.switchboard.bootstrap.cli.CsvReader.MalformedCsvException;
import io.switchboard.bootstrap.cli.CsvReader.Row;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What one kind of job file holds: a header naming the columns, then one item per row. */
public interface CsvFormat<T> {

  /** The item of a row, or a {@link MalformedCsvException} naming the row's line. */
  T item(Row row);

  /** Column positions by name; every name once, no blank name. */
  static Map<String, Integer> columns(Row header) {
    Map<String, Integer> columns = new HashMap<>();
    List<String> names = header.fields();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i).strip();
      if (name.isEmpty()) {
        throw new MalformedCsvException(header.line(), "column " + (i + 1) + " has no name");
      }
      if (columns.putIfAbsent(name, i) != null) {
        throw new MalformedCsvException(header.line(), "column " + name + " appears twice");
      }
    }
    return columns;
  }

  static void requireWidth(Row row, int width) {
    if (row.fields().size() != width) {
      throw new MalformedCsvException(
          row.line(), row.fields().size() + " fields where the header has " + width);
    }
  }
}
