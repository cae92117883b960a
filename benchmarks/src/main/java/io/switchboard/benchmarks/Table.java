package io.switchboard.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one table the benchmark prints: a row per measurement, its ratio to its baseline and the
 * target.
 */
final class Table {

  /** One printed line; {@code measurement} is null for rows that are not request loops (memory). */
  record Row(
      String id,
      String what,
      Measurement measurement,
      String ratio,
      String target,
      String verdict) {}

  private static final String[] HEADER = {
    "row",
    "what",
    "conc",
    "req/s",
    "p50 ms",
    "p99 ms",
    "p99.9 ms",
    "CPU s/1k req",
    "ratio",
    "target",
    ""
  };

  private final List<Row> rows = new ArrayList<>();

  void add(Row row) {
    rows.add(row);
  }

  void add(String id, String what, Measurement m) {
    rows.add(new Row(id, what, m, "", "", ""));
  }

  List<Row> rows() {
    return rows;
  }

  void print(PrintStream out) {
    List<String[]> lines = new ArrayList<>();
    lines.add(HEADER);
    for (Row r : rows) {
      Measurement m = r.measurement();
      lines.add(
          new String[] {
            r.id(),
            r.what(),
            m == null ? "" : Integer.toString(m.concurrency()),
            m == null || m.seconds() <= 0 ? "" : format("%.0f", m.throughput()),
            m == null ? "" : millis(m.percentileMillis(50)),
            m == null ? "" : millis(m.percentileMillis(99)),
            m == null ? "" : millis(m.percentileMillis(99.9)),
            m == null || Double.isNaN(m.cpuSecondsPer1000())
                ? ""
                : format("%.3f", m.cpuSecondsPer1000()),
            r.ratio(),
            r.target(),
            r.verdict()
          });
    }
    int[] widths = new int[HEADER.length];
    for (String[] line : lines) {
      for (int i = 0; i < line.length; i++) {
        widths[i] = Math.max(widths[i], line[i].length());
      }
    }
    for (int l = 0; l < lines.size(); l++) {
      String[] line = lines.get(l);
      StringBuilder text = new StringBuilder("|");
      for (int i = 0; i < line.length; i++) {
        boolean numeric = i >= 2 && i <= 7;
        String cell =
            numeric
                ? " ".repeat(widths[i] - line[i].length()) + line[i]
                : line[i] + " ".repeat(widths[i] - line[i].length());
        text.append(' ').append(cell).append(" |");
      }
      out.println(text);
      if (l == 0) {
        StringBuilder rule = new StringBuilder("|");
        for (int i = 0; i < widths.length; i++) {
          boolean numeric = i >= 2 && i <= 7;
          rule.append(numeric ? "-".repeat(widths[i] + 1) + ":" : "-".repeat(widths[i] + 2))
              .append('|');
        }
        out.println(rule);
      }
    }
    for (Row r : rows) {
      if (r.measurement() != null && r.measurement().errors() > 0) {
        out.println(
            "note: row "
                + r.id()
                + " ("
                + r.what()
                + ") had "
                + r.measurement().errors()
                + " failed requests, first: "
                + r.measurement().firstError());
      }
    }
  }

  static String millis(double ms) {
    if (Double.isNaN(ms)) {
      return "";
    }
    return ms < 10 ? format("%.3f", ms) : ms < 100 ? format("%.2f", ms) : format("%.1f", ms);
  }

  static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
