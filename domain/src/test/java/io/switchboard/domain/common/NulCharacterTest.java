package io.switchboard.domain.common;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.inventory.AvailableNumber;
import io.switchboard.domain.number.Capabilities;
import io.switchboard.domain.number.ComplianceRequirement;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.NumberType;
import io.switchboard.domain.routing.HttpsUrl;
import io.switchboard.domain.routing.Webhook;
import io.switchboard.domain.routing.WebhookEvent;
import io.switchboard.domain.routing.WebhookMethod;
import io.switchboard.domain.trunk.AdditionalSettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Rule: free text stored in PostgreSQL text or json never carries NUL, which PostgreSQL cannot hold
 * (found by fuzzing).
 */
class NulCharacterTest {

  @Test
  void a_webhook_filter_with_a_control_character_is_invalid() {
    assertThatThrownBy(() ->
            new Webhook(
                List.of(WebhookEvent.PHONE_CALL_STARTED),
                new HttpsUrl("https://hooks.example/a"),
                WebhookMethod.POST,
                Map.of(),
                Optional.of("a\u0000b")))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("filter");
  }

  @Test
  void additional_settings_with_nul_raw_or_escaped_are_invalid() {
    assertThatThrownBy(() -> new AdditionalSettings("{\"a\":\"\\u0000\"}"))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> new AdditionalSettings("{\"a\":\"\\U0000\"}"))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> new AdditionalSettings("{\"a\":\"\u0000\"}"))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void a_stock_location_with_a_control_character_is_invalid() {
    Instant now = Instant.EPOCH;
    assertThatThrownBy(() ->
            new AvailableNumber(
                E164.parse("+12084439178"),
                NumberType.LOCAL,
                Capabilities.VOICE_ONLY,
                Money.of("1", "EUR"),
                "Boise\u0000",
                List.of(),
                now,
                now))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("location");
  }

  @Test
  void a_compliance_requirement_with_nul_is_invalid() {
    assertThatThrownBy(() -> new ComplianceRequirement("proof\u0000", "textual", "d"))
        .isInstanceOf(InvalidArgumentException.class);
  }
}
