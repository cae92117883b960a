package io.switchboard.bootstrap.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A job's progress for whoever reads stdout: on a terminal one bar redrawn in place with {@code \r}
 * (at most 10 times a second), otherwise plain {@code key=value} lines (at most one a second), each
 * with the rate over the last seconds and the time left at that rate.
 */
public final class Progress {

  public enum Style {
    BAR,
    PLAIN
  }

  /** One observation of a job. */
  public record Snapshot(String state, long processed, long failed, long total) {}

  static final Duration BAR_INTERVAL = Duration.ofMillis(100);
  static final Duration PLAIN_INTERVAL = Duration.ofSeconds(1);
  static final Duration RATE_WINDOW = Duration.ofSeconds(10);
  static final int BAR_WIDTH = 30;

  private final PrintStream out;
  private final Style style;
  private final LongSupplier nanoTime;
  private final Deque<long[]> samples = new ArrayDeque<>();
  private long lastDrawn = Long.MIN_VALUE;
  private int lastWidth;
  private boolean barOpen;

  public Progress(PrintStream out, Style style, LongSupplier nanoTime) {
    this.out = out;
    this.style = style;
    this.nanoTime = nanoTime;
  }

  /** Draws the snapshot unless the last drawing is too recent. */
  public void update(Snapshot snapshot) {
    long now = nanoTime.getAsLong();
    sample(now, snapshot.processed());
    long interval = (style == Style.BAR ? BAR_INTERVAL : PLAIN_INTERVAL).toNanos();
    if (lastDrawn != Long.MIN_VALUE && now - lastDrawn < interval) {
      return;
    }
    draw(now, snapshot);
  }

  /** Draws the last snapshot whatever the time and ends the bar's line. */
  public void finish(Snapshot snapshot) {
    long now = nanoTime.getAsLong();
    sample(now, snapshot.processed());
    draw(now, snapshot);
    if (barOpen) {
      out.println();
      barOpen = false;
    }
    out.flush();
  }

  private void draw(long now, Snapshot snapshot) {
    lastDrawn = now;
    double rate = rate();
    if (style == Style.BAR) {
      String line = bar(snapshot, rate);
      // spaces over what a longer previous line left on the screen
      out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
      lastWidth = line.length();
      barOpen = true;
    } else {
      out.println(plain(snapshot, rate));
    }
    out.flush();
  }

  private void sample(long now, long processed) {
    samples.addLast(new long[] {now, processed});
    while (samples.size() > 2 && now - samples.peekFirst()[0] > RATE_WINDOW.toNanos()) {
      samples.removeFirst();
    }
  }

  /** Items a second over the window; NaN until there is a time span to measure over. */
  double rate() {
    if (samples.size() < 2) {
      return Double.NaN;
    }
    long[] first = samples.peekFirst();
    long[] last = samples.peekLast();
    long nanos = last[0] - first[0];
    if (nanos <= 0) {
      return Double.NaN;
    }
    return (last[1] - first[1]) * 1e9 / nanos;
  }

  /** {@code [=========> ] 45% 4,500/10,000 failed 3 1,234/s ETA 0:04}. */
  static String bar(Snapshot snapshot, double rate) {
    long total = snapshot.total();
    long processed = Math.min(snapshot.processed(), total);
    double fraction = total == 0 ? 0 : (double) processed / total;
    int filled = (int) Math.floor(fraction * BAR_WIDTH);
    StringBuilder bar = new StringBuilder("[");
    bar.append("=".repeat(filled));
    if (filled < BAR_WIDTH) {
      bar.append(processed == 0 ? " " : ">").append(" ".repeat(BAR_WIDTH - filled - 1));
    }
    bar.append("] ");
    bar.append(String.format(Locale.ROOT, "%3d%%", (int) Math.floor(fraction * 100)));
    bar.append("  ").append(count(processed)).append('/').append(count(total));
    if (snapshot.failed() > 0) {
      bar.append("  failed ").append(count(snapshot.failed()));
    }
    bar.append("  ").append(rateText(rate));
    bar.append("  ").append(etaText(snapshot, rate, true));
    if (!snapshot.state().equals("RUNNING")) {
      bar.append("  ").append(snapshot.state().toLowerCase(Locale.ROOT));
    }
    return bar.toString();
  }

  /** {@code state=RUNNING processed=4500 failed=3 total=10000 rate=1234/s eta=4s}. */
  static String plain(Snapshot snapshot, double rate) {
    return "state="
        + snapshot.state()
        + " processed="
        + snapshot.processed()
        + " failed="
        + snapshot.failed()
        + " total="
        + snapshot.total()
        + " rate="
        + (Double.isNaN(rate) ? "-" : Math.round(rate) + "/s")
        + " eta="
        + etaText(snapshot, rate, false);
  }

  private static String rateText(double rate) {
    return Double.isNaN(rate) ? "-/s" : count(Math.round(rate)) + "/s";
  }

  private static String etaText(Snapshot snapshot, double rate, boolean forBar) {
    long remaining = snapshot.total() - snapshot.processed();
    if (remaining <= 0) {
      return forBar ? "done" : "0s";
    }
    if (Double.isNaN(rate) || rate <= 0) {
      return forBar ? "ETA -" : "-";
    }
    long seconds = (long) Math.ceil(remaining / rate);
    return forBar ? "ETA " + clock(seconds) : seconds + "s";
  }

  /** {@code 0:04}, {@code 12:30}, {@code 1:02:03}. */
  static String clock(long seconds) {
    long hours = seconds / 3600;
    long minutes = seconds / 60 % 60;
    long secs = seconds % 60;
    return hours > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, minutes, secs)
        : String.format(Locale.ROOT, "%d:%02d", minutes, secs);
  }

  static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }
}
