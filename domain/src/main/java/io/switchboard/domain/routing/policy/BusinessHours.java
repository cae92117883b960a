package io.switchboard.domain.routing.policy;

import io.switchboard.domain.common.Violations;
import io.switchboard.domain.error.InvalidArgumentException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * When a number takes calls: weekly ranges per weekday in an IANA time zone, dated exceptions that
 * replace a date's ranges (none: closed all day), and where calls go after hours (none: to the
 * fallback, else rejected).
 *
 * <p>Hours are local wall-clock hours: an instant is within hours when its local date and time in
 * {@link #zone} fall in a range of that date, or in the overnight part of a range of the day
 * before. On a spring-forward day the skipped local times belong to no instant, so a range inside
 * the gap never opens and one spanning it is an hour shorter; on a fall-back day the repeated local
 * times are within hours both times, so a range spanning them is an hour longer. A date's ranges
 * are those of its exception when it has one, else those of its weekday; an overnight range spills
 * into the next morning whatever that date's own ranges are.
 */
public record BusinessHours(
    ZoneId zone,
    Map<DayOfWeek, List<TimeRange>> weekly,
    Map<LocalDate, List<TimeRange>> exceptions,
    Optional<Destination> afterHours) {
  public static final int MAX_RANGES_PER_DAY = 24;
  public static final int MAX_EXCEPTIONS = 400;

  public BusinessHours {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(afterHours, "afterHours");
    Violations violations = new Violations();
    var weeklyCopy = new EnumMap<DayOfWeek, List<TimeRange>>(DayOfWeek.class);
    weekly.forEach((day, ranges) -> {
      if (!ranges.isEmpty()) {
        weeklyCopy.put(day, checked(ranges, "weekly." + lower(day), violations));
      }
    });
    if (exceptions.size() > MAX_EXCEPTIONS) {
      violations.add("exceptions", "must have at most " + MAX_EXCEPTIONS + " dates");
    }
    var exceptionsCopy = new TreeMap<LocalDate, List<TimeRange>>();
    exceptions.forEach((date, ranges) ->
        exceptionsCopy.put(date, checked(ranges, "exceptions." + date, violations)));
    violations.throwIfAny();
    weekly = Collections.unmodifiableMap(weeklyCopy);
    exceptions = Collections.unmodifiableSortedMap(exceptionsCopy);
  }

  /** Parses an IANA zone id such as {@code Europe/Berlin}; fixed offsets are refused. */
  public static ZoneId zone(String id) {
    if (id == null || !ZoneId.getAvailableZoneIds().contains(id)) {
      throw InvalidArgumentException.of(
          "", "must be an IANA time zone such as Europe/Berlin or America/New_York");
    }
    return ZoneId.of(id);
  }

  private static List<TimeRange> checked(
      List<TimeRange> ranges, String field, Violations violations) {
    List<TimeRange> sorted =
        ranges.stream().sorted(java.util.Comparator.comparingInt(TimeRange::start)).toList();
    if (sorted.size() > MAX_RANGES_PER_DAY) {
      violations.add(field, "must have at most " + MAX_RANGES_PER_DAY + " ranges");
    }
    for (int i = 1; i < sorted.size(); i++) {
      TimeRange before = sorted.get(i - 1);
      if (before.overnight() || before.end() > sorted.get(i).start()) {
        violations.add(field, "ranges " + before + " and " + sorted.get(i) + " overlap");
      }
    }
    return sorted;
  }

  /** The ranges that start on a date: its exception's, or its weekday's. */
  public List<TimeRange> rangesOn(LocalDate date) {
    List<TimeRange> exception = exceptions.get(date);
    if (exception != null) {
      return exception;
    }
    return weekly.getOrDefault(date.getDayOfWeek(), List.of());
  }

  /** Whether {@code at} is within hours, and the short text that says why. */
  public Check check(Instant at) {
    LocalDateTime local = LocalDateTime.ofInstant(at, zone);
    LocalDate date = local.toLocalDate();
    int minute = local.getHour() * 60 + local.getMinute();
    String when =
        zone.getId() + " " + shortName(date.getDayOfWeek()) + " " + TimeRange.clock(minute);
    List<TimeRange> today = rangesOn(date);
    for (TimeRange r : today) {
      if (r.containsSameDay(minute)) {
        return new Check(true, when + " within " + r + exceptionNote(date));
      }
    }
    LocalDate yesterday = date.minusDays(1);
    for (TimeRange r : rangesOn(yesterday)) {
      if (r.containsNextDay(minute)) {
        return new Check(
            true,
            when
                + " within "
                + r
                + " from "
                + shortName(yesterday.getDayOfWeek())
                + exceptionNote(yesterday));
      }
    }
    String outside =
        today.isEmpty()
            ? "closed all day"
            : "outside "
                + today.stream().map(TimeRange::toString).collect(Collectors.joining(", "));
    return new Check(false, when + " " + outside + exceptionNote(date));
  }

  private String exceptionNote(LocalDate date) {
    return exceptions.containsKey(date) ? " (exception " + date + ")" : "";
  }

  /** Whether an instant is within hours, and why. */
  public record Check(boolean open, String detail) {}

  private static final String[] SHORT_NAMES = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

  private static String shortName(DayOfWeek day) {
    return SHORT_NAMES[day.ordinal()];
  }

  private static String lower(DayOfWeek day) {
    return day.name().toLowerCase(Locale.ROOT);
  }
}
