package io.switchboard.domain.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.error.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookEventTest {

  @ParameterizedTest(name = "{0} is \"{1}\" on the wire")
  @CsvSource({
    "PHONE_CALL_CONNECTION_REQUESTED, phone_call:connection_requested",
    "PHONE_CALL_STARTED,              phone_call:started",
    "PHONE_CALL_ENDED,                phone_call:ended",
    "MESSAGE_RECEIVED,                message:received",
    "MESSAGE_STATUS_UPDATED,          message:status_updated",
  })
  void wire_names_are_the_voiceos_ones(WebhookEvent event, String wireName) {
    assertThat(event.wireName()).isEqualTo(wireName);
    assertThat(WebhookEvent.parse(wireName)).isEqualTo(event);
  }

  @ParameterizedTest
  @EnumSource(WebhookEvent.class)
  void every_event_round_trips_through_its_wire_name(WebhookEvent event) {
    assertThat(WebhookEvent.parse(event.wireName())).isEqualTo(event);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {"PHONE_CALL_STARTED", "Phone_Call:Started", "phone_call:started ", "call:started"})
  void an_unknown_event_is_an_invalid_argument_listing_the_known_ones(String name) {
    assertThatThrownBy(() -> WebhookEvent.parse(name))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class,
            e ->
                assertThat(e.getMessage())
                    .contains("phone_call:connection_requested", "message:status_updated"));
  }

  @Test
  void a_huge_unknown_event_name_is_abbreviated_in_the_message() {
    assertThatThrownBy(() -> WebhookEvent.parse("x".repeat(10_000)))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class,
            e -> assertThat(e.getMessage()).hasSizeLessThan(400).contains("x".repeat(64) + "…"));
  }
}
