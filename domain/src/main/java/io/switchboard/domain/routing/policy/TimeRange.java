package io.switchboard.domain.routing.policy;

import io.switchboard.domain.error.InvalidArgumentException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opening hours within a day in local wall-clock time, minute precision: from {@code start}
 * (inclusive) to {@code end} (exclusive), written {@code HH:MM-HH:MM}. {@code 24:00} ends a range
 * at midnight; an end before the start makes it overnight (22:00-06:00 opens at 22:00 and closes at
 * 06:00 the next morning). Start and end are minutes since local midnight.
 */
public record TimeRange(int start, int end) {
  public static final int DAY = 24 * 60;
  private static final Pattern TEXT =
      Pattern.compile("([0-9]{2}):([0-9]{2})-([0-9]{2}):([0-9]{2})");

  public TimeRange {
    if (start < 0 || start >= DAY) {
      throw InvalidArgumentException.of("", "must start between 00:00 and 23:59");
    }
    if (end < 0 || end > DAY) {
      throw InvalidArgumentException.of("", "must end between 00:00 and 24:00");
    }
    if (start == end || (start == 0 && end == 0)) {
      throw InvalidArgumentException.of("", "must not be empty (a whole day is 00:00-24:00)");
    }
  }

  /** Parses {@code HH:MM-HH:MM}. */
  public static TimeRange parse(String text) {
    Matcher m = text == null ? null : TEXT.matcher(text);
    if (m == null || !m.matches()) {
      throw InvalidArgumentException.of("", "must be HH:MM-HH:MM, such as 09:00-18:00");
    }
    return new TimeRange(
        minutes(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), false),
        minutes(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), true));
  }

  private static int minutes(int hours, int minutes, boolean end) {
    if (minutes > 59 || hours > 24 || (hours == 24 && (minutes != 0 || !end))) {
      throw InvalidArgumentException.of(
          "", "must use times from 00:00 to 23:59 (24:00 only as an end)");
    }
    return hours * 60 + minutes;
  }

  /** Whether the range runs past midnight into the next day. */
  public boolean overnight() {
    return end < start;
  }

  /** Whether a minute of the day this range starts on falls in it. */
  boolean containsSameDay(int minute) {
    return minute >= start && (overnight() || minute < end);
  }

  /** Whether a minute of the day after the one this range starts on falls in it. */
  boolean containsNextDay(int minute) {
    return overnight() && minute < end;
  }

  /** {@code HH:MM}; built by hand, as it runs on the routing hot path (String.format is slow). */
  static String clock(int minutes) {
    int hours = minutes / 60;
    int rest = minutes % 60;
    return new String(
        new char[] {
          (char) ('0' + hours / 10),
          (char) ('0' + hours % 10),
          ':',
          (char) ('0' + rest / 10),
          (char) ('0' + rest % 10)
        });
  }

  @Override
  public String toString() {
    return clock(start) + "-" + clock(end);
  }
}
