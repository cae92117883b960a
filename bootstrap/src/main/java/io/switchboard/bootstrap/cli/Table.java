package io.switchboard.bootstrap.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Rows printed in aligned columns under a header; an empty cell shows as {@code -}. */
final class Table {

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  Table(String... header) {
    this.header = List.of(header);
  }

  Table row(String... cells) {
    List<String> row = new ArrayList<>();
    for (String cell : cells) {
      row.add(cell == null || cell.isEmpty() ? "-" : cell.replaceAll("\\s+", " "));
    }
    rows.add(row);
    return this;
  }

  void print(PrintStream out) {
    int[] widths = new int[header.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = header.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    line(out, header, widths);
    for (List<String> row : rows) {
      line(out, row, widths);
    }
    out.flush();
  }

  private static void line(PrintStream out, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      line.append(cell);
      if (i < cells.size() - 1) {
        line.append(" ".repeat(widths[i] - cell.length() + 2));
      }
    }
    out.println(line);
  }
}
