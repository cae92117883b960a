package io.switchboard.domain.routing.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Business hours are local wall-clock hours on every day, daylight-saving transition days included,
 * in zones that shift by an hour in either hemisphere (Berlin, New York, Sydney, Santiago), by half
 * an hour (Lord Howe), at a quarter to the hour (Chatham), and in one that does not shift
 * (Kolkata).
 */
class BusinessHoursProperties {
  static final List<String> ZONES =
      List.of(
          "Europe/Berlin",
          "America/New_York",
          "Australia/Sydney",
          "America/Santiago",
          "Australia/Lord_Howe",
          "Pacific/Chatham",
          "Asia/Kolkata");

  @Property(tries = 300)
  void
      an_instant_is_within_hours_exactly_when_its_local_time_is_in_a_range_of_its_date_or_the_overnight_part_of_the_day_before(
          @ForAll("schedules") BusinessHours hours,
          @ForAll("transitionYears") int year,
          @ForAll boolean second,
          @ForAll @IntRange(min = -36 * 60, max = 36 * 60) int minutesFromTransition) {
    Instant at = transitionDay(hours.zone(), year, second).plusSeconds(60L * minutesFromTransition);

    assertThat(hours.check(at).open())
        .as("%s at %s", hours, LocalDateTime.ofInstant(at, hours.zone()))
        .isEqualTo(openByWallClock(hours, LocalDateTime.ofInstant(at, hours.zone())));
  }

  @Property(tries = 40)
  void on_transition_days_skipped_local_times_are_never_open_and_repeated_ones_are_open_each_time(
      @ForAll("schedules") BusinessHours hours,
      @ForAll("transitionYears") int year,
      @ForAll boolean second) {
    ZoneId zone = hours.zone();
    LocalDate day = LocalDateTime.ofInstant(transitionDay(zone, year, second), zone).toLocalDate();

    long expectedOpenMinutes = 0;
    for (int m = 0; m < 24 * 60; m++) {
      LocalDateTime local = day.atTime(LocalTime.of(m / 60, m % 60));
      List<ZoneOffset> offsets = zone.getRules().getValidOffsets(local);
      for (ZoneOffset offset : offsets) {
        Instant instant = local.toInstant(offset);
        assertThat(hours.check(instant).open()).isEqualTo(openByWallClock(hours, local));
      }
      if (openByWallClock(hours, local)) {
        expectedOpenMinutes += offsets.size(); // 0 in a gap, 2 in an overlap
      }
    }
    Instant start = day.atStartOfDay(zone).toInstant();
    Instant end = day.plusDays(1).atStartOfDay(zone).toInstant();
    long openMinutes = 0;
    for (Instant t = start; t.isBefore(end); t = t.plusSeconds(60)) {
      if (hours.check(t).open()) {
        openMinutes++;
      }
    }
    assertThat(openMinutes).isEqualTo(expectedOpenMinutes);
  }

  /**
   * The oracle: ranges as intervals of local date-times, [date at start, date (or the next one) at
   * end).
   */
  static boolean openByWallClock(BusinessHours hours, LocalDateTime local) {
    for (LocalDate date : List.of(local.toLocalDate().minusDays(1), local.toLocalDate())) {
      for (TimeRange r : hours.rangesOn(date)) {
        LocalDateTime from = date.atStartOfDay().plusMinutes(r.start());
        LocalDateTime to =
            (r.end() < r.start() ? date.plusDays(1) : date).atStartOfDay().plusMinutes(r.end());
        LocalDateTime minute = local.withSecond(0).withNano(0);
        if (!minute.isBefore(from) && minute.isBefore(to)) {
          return true;
        }
      }
    }
    return false;
  }

  /** An instant on a day the zone changes its offset, or any day of the year when it never does. */
  static Instant transitionDay(ZoneId zone, int year, boolean second) {
    Instant yearStart = LocalDate.of(year, 1, 1).atStartOfDay(zone).toInstant();
    ZoneOffsetTransition first = zone.getRules().nextTransition(yearStart);
    if (first == null || first.getInstant().atZone(zone).getYear() != year) {
      return yearStart.plusSeconds(86_400L * (second ? 200 : 70));
    }
    if (!second) {
      return first.getInstant();
    }
    ZoneOffsetTransition next = zone.getRules().nextTransition(first.getInstant());
    return next == null ? first.getInstant() : next.getInstant();
  }

  @Provide
  Arbitrary<Integer> transitionYears() {
    return Arbitraries.integers().between(2010, 2037);
  }

  @Provide
  Arbitrary<BusinessHours> schedules() {
    Arbitrary<Optional<TimeRange>> ranges = ranges().optional(0.8);
    return Combinators.combine(Arbitraries.of(ZONES), ranges.list().ofSize(7))
        .as((zone, perDay) -> {
          var weekly = new EnumMap<DayOfWeek, List<TimeRange>>(DayOfWeek.class);
          for (int i = 0; i < 7; i++) {
            int day = i;
            perDay.get(i).ifPresent(r -> weekly.put(DayOfWeek.of(day + 1), List.of(r)));
          }
          return new BusinessHours(ZoneId.of(zone), weekly, Map.of(), Optional.empty());
        });
  }

  /** Ranges on quarter hours, so that they start and end inside and at the edges of DST gaps. */
  Arbitrary<TimeRange> ranges() {
    Arbitrary<Integer> quarter = Arbitraries.integers().between(0, 95).map(q -> q * 15);
    return Combinators.combine(quarter, Arbitraries.integers().between(1, 96).map(q -> q * 15))
        .filter((start, end) -> !start.equals(end))
        .as(TimeRange::new);
  }
}
