package io.switchboard.domain.routing.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.error.InvalidArgumentException;
import java.time.DayOfWeek;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PolicyValuesTest {

  @ParameterizedTest(name = "{0} is a SIP URI")
  @ValueSource(
      strings = {
        "sip:agent@sip.example.com",
        "sips:sip.example.com:5061",
        "sip:+4930901820@pbx.example.org;transport=tcp",
        "SIP:desk@8.8.8.8",
      })
  void well_formed_sip_uris_on_public_hosts_are_accepted(String uri) {
    assertThat(new SipUri(uri).value()).startsWith("sip");
  }

  @ParameterizedTest(name = "{0} is refused")
  @ValueSource(
      strings = {
        "",
        "http://example.com",
        "sip:",
        "sip:agent@",
        "sip:agent@localhost",
        "sip:agent@10.0.0.1",
        "sip:agent@127.0.0.1:5060",
        "sip:agent@192.168.1.20",
        "sip:pbx.internal",
        "sip:[::1]",
        "sip:agent@example.com:70000",
        "sip:agent@example.com/path",
      })
  void malformed_or_private_sip_uris_are_refused(String uri) {
    assertThatThrownBy(() -> new SipUri(uri)).isInstanceOf(InvalidArgumentException.class);
  }

  @ParameterizedTest(name = "{0} is a caller prefix")
  @ValueSource(strings = {"+1", "+1900", "+12084439178", "+123456789012345"})
  void caller_prefixes_are_a_plus_and_up_to_fifteen_digits(String prefix) {
    assertThat(new CallerPrefix(prefix).value()).isEqualTo(prefix);
  }

  @ParameterizedTest(name = "{0} is refused")
  @ValueSource(strings = {"", "+", "1900", "+0900", "+1234567890123456", "+1 900", "+1900*"})
  void malformed_caller_prefixes_are_refused(String prefix) {
    assertThatThrownBy(() -> new CallerPrefix(prefix)).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void a_screening_list_of_more_than_a_thousand_entries_is_refused() {
    List<CallerPrefix> many =
        IntStream.range(0, 1001).mapToObj(i -> new CallerPrefix("+1" + (1000 + i))).toList();

    assertThatThrownBy(() -> new CallerScreening(many, List.of(), false))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("allow: must have at most 1000 entries");
  }

  @Test
  void a_screening_list_naming_an_entry_twice_is_refused() {
    var p = new CallerPrefix("+1900");

    assertThatThrownBy(() -> new CallerScreening(List.of(), List.of(p, p), false))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("deny: lists +1900 more than once");
  }

  @Test
  void bad_entries_of_a_list_are_named_by_index() {
    assertThatThrownBy(() -> CallerScreening.parse(List.of("+1900", "premium"), "deny"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("deny[1]");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"09:00-18:00", "22:00-06:00", "00:00-24:00", "18:30-00:00"})
  void time_ranges_parse_and_print_back(String text) {
    assertThat(TimeRange.parse(text)).hasToString(text);
  }

  @ParameterizedTest(name = "{0} is refused")
  @ValueSource(
      strings = {"", "9:00-18:00", "09:00-09:00", "24:00-06:00", "09:60-18:00", "25:00-01:00"})
  void malformed_or_empty_time_ranges_are_refused(String text) {
    assertThatThrownBy(() -> TimeRange.parse(text)).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void overnight_ranges_end_the_next_morning() {
    TimeRange night = TimeRange.parse("22:00-06:00");

    assertThat(night.overnight()).isTrue();
    assertThat(night.containsSameDay(23 * 60)).isTrue();
    assertThat(night.containsSameDay(5 * 60)).isFalse();
    assertThat(night.containsNextDay(5 * 60 + 59)).isTrue();
    assertThat(night.containsNextDay(6 * 60)).isFalse();
  }

  @Test
  void overlapping_ranges_of_a_day_are_refused() {
    assertThatThrownBy(() ->
            new BusinessHours(
                BusinessHours.zone("Europe/Berlin"),
                Map.of(
                    DayOfWeek.MONDAY,
                    List.of(TimeRange.parse("09:00-13:00"), TimeRange.parse("12:00-18:00"))),
                Map.of(),
                Optional.empty()))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("weekly.monday");
  }

  @ParameterizedTest(name = "{0} is refused")
  @ValueSource(strings = {"", "Berlin", "+02:00", "UTC+2", "Europe/Nowhere"})
  void time_zones_are_iana_names(String zone) {
    assertThatThrownBy(() -> BusinessHours.zone(zone)).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void a_reject_reason_is_one_line() {
    assertThatThrownBy(() -> new RejectReason("closed\nfor good"))
        .isInstanceOf(InvalidArgumentException.class);
    assertThat(new RejectReason("closed for the holidays").value())
        .isEqualTo("closed for the holidays");
  }
}
