package io.switchboard.domain.routing.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BusinessHoursTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private static BusinessHours weekdays(String range) {
    var weekly = new java.util.EnumMap<DayOfWeek, List<TimeRange>>(DayOfWeek.class);
    for (DayOfWeek d :
        List.of(
            DayOfWeek.MONDAY,
            DayOfWeek.TUESDAY,
            DayOfWeek.WEDNESDAY,
            DayOfWeek.THURSDAY,
            DayOfWeek.FRIDAY)) {
      weekly.put(d, List.of(TimeRange.parse(range)));
    }
    return new BusinessHours(BERLIN, weekly, Map.of(), Optional.empty());
  }

  private static Instant berlin(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
  }

  @Test
  void a_weekday_within_its_range_is_open_and_says_so() {
    var check = weekdays("09:00-18:00").check(berlin("2026-11-30T10:15"));

    assertThat(check.open()).isTrue();
    assertThat(check.detail()).isEqualTo("Europe/Berlin Mon 10:15 within 09:00-18:00");
  }

  @Test
  void after_the_range_ends_it_is_closed_and_names_the_range() {
    var check = weekdays("09:00-18:00").check(berlin("2026-11-30T19:04"));

    assertThat(check.open()).isFalse();
    assertThat(check.detail()).isEqualTo("Europe/Berlin Mon 19:04 outside 09:00-18:00");
  }

  @Test
  void the_start_is_inclusive_and_the_end_exclusive() {
    BusinessHours hours = weekdays("09:00-18:00");

    assertThat(hours.check(berlin("2026-11-30T09:00")).open()).isTrue();
    assertThat(hours.check(berlin("2026-11-30T17:59:59")).open()).isTrue();
    assertThat(hours.check(berlin("2026-11-30T18:00")).open()).isFalse();
    assertThat(hours.check(berlin("2026-11-30T08:59:59")).open()).isFalse();
  }

  @Test
  void a_day_without_ranges_is_closed_all_day() {
    var check = weekdays("09:00-18:00").check(berlin("2026-11-29T12:00"));

    assertThat(check.open()).isFalse();
    assertThat(check.detail()).isEqualTo("Europe/Berlin Sun 12:00 closed all day");
  }

  @Test
  void an_overnight_range_spills_into_the_next_morning_even_a_closed_one() {
    var hours =
        new BusinessHours(
            BERLIN,
            Map.of(DayOfWeek.FRIDAY, List.of(TimeRange.parse("22:00-06:00"))),
            Map.of(),
            Optional.empty());

    assertThat(hours.check(berlin("2026-12-04T23:30")).open()).isTrue();
    var saturday = hours.check(berlin("2026-12-05T05:30"));
    assertThat(saturday.open()).isTrue();
    assertThat(saturday.detail()).isEqualTo("Europe/Berlin Sat 05:30 within 22:00-06:00 from Fri");
    assertThat(hours.check(berlin("2026-12-05T06:00")).open()).isFalse();
    assertThat(hours.check(berlin("2026-12-04T05:30")).open()).isFalse();
  }

  @Test
  void a_dated_exception_replaces_the_weekday_closed_all_day_or_with_special_hours() {
    var weekly = weekdays("09:00-18:00").weekly();
    var hours =
        new BusinessHours(
            BERLIN,
            weekly,
            Map.of(
                LocalDate.parse("2026-12-24"), List.of(TimeRange.parse("09:00-12:00")),
                LocalDate.parse("2026-12-25"), List.of()),
            Optional.empty());

    assertThat(hours.check(berlin("2026-12-24T11:00")).open()).isTrue();
    var afternoon = hours.check(berlin("2026-12-24T13:00"));
    assertThat(afternoon.open()).isFalse();
    assertThat(afternoon.detail())
        .isEqualTo("Europe/Berlin Thu 13:00 outside 09:00-12:00 (exception 2026-12-24)");
    var christmas = hours.check(berlin("2026-12-25T10:00"));
    assertThat(christmas.open()).isFalse();
    assertThat(christmas.detail())
        .isEqualTo("Europe/Berlin Fri 10:00 closed all day (exception 2026-12-25)");
  }

  @Test
  void a_range_ending_at_midnight_covers_the_last_minute_of_the_day() {
    var hours =
        new BusinessHours(
            BERLIN,
            Map.of(DayOfWeek.MONDAY, List.of(TimeRange.parse("18:00-24:00"))),
            Map.of(),
            Optional.empty());

    assertThat(hours.check(berlin("2026-11-30T23:59:59")).open()).isTrue();
    assertThat(hours.check(berlin("2026-12-01T00:00")).open()).isFalse();
  }

  @Test
  void on_a_spring_forward_day_a_range_inside_the_skipped_hour_never_opens() {
    // Berlin skips 02:00-03:00 on 2026-03-29
    var hours =
        new BusinessHours(
            BERLIN,
            Map.of(DayOfWeek.SUNDAY, List.of(TimeRange.parse("02:00-03:00"))),
            Map.of(),
            Optional.empty());
    Instant start = berlin("2026-03-29T00:00");

    for (int minute = 0; minute < 24 * 60; minute++) {
      assertThat(hours.check(start.plusSeconds(60L * minute)).open()).isFalse();
    }
  }

  @Test
  void on_a_fall_back_day_the_repeated_hour_is_open_both_times() {
    // Berlin repeats 02:00-03:00 on 2026-10-25: 00:30 UTC and 01:30 UTC are both 02:30 local
    var hours =
        new BusinessHours(
            BERLIN,
            Map.of(DayOfWeek.SUNDAY, List.of(TimeRange.parse("02:00-03:00"))),
            Map.of(),
            Optional.empty());

    assertThat(hours.check(Instant.parse("2026-10-25T00:30:00Z")).open()).isTrue();
    assertThat(hours.check(Instant.parse("2026-10-25T01:30:00Z")).open()).isTrue();
    assertThat(hours.check(Instant.parse("2026-10-25T02:30:00Z")).open()).isFalse();
  }
}
