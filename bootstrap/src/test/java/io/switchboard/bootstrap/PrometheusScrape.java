package io.switchboard.bootstrap;

import java.util.Arrays;

/**
 * One scrape of {@code /metrics} in Prometheus' text format, read the way the tests need it: one
 * series' value, or the sum over a metric's series that carry some labels.
 */
public record PrometheusScrape(String text) {

  /** The value of one series exactly as printed (name and labels), or -1 when it is absent. */
  public double value(String series) {
    return text.lines()
        .filter(l -> l.startsWith(series + " "))
        .findFirst()
        .map(PrometheusScrape::valueOf)
        .orElse(-1.0);
  }

  /**
   * The sum over the metric's series whose labels include every {@code name="value"} given; 0 when
   * none does.
   */
  public double sum(String metric, String... labels) {
    return text.lines()
        .filter(l -> l.startsWith(metric + "{") || l.startsWith(metric + " "))
        .filter(l -> Arrays.stream(labels).allMatch(label -> l.contains(label)))
        .mapToDouble(PrometheusScrape::valueOf)
        .sum();
  }

  private static double valueOf(String line) {
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }
}
