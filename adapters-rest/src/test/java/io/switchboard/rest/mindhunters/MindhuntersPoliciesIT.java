package io.switchboard.rest.mindhunters;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.routing.policy.RoutingPolicies;
import io.switchboard.persistence.testing.TestApplication;
import io.switchboard.rest.mindhunters.MindhuntersServer.Reply;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Mindhunters extension field {@code channel_settings.inbound.x_routing_policies}. */
class MindhuntersPoliciesIT {
  private static final AtomicInteger NEXT = new AtomicInteger(5000);
  private static TestApplication app;
  private static MindhuntersServer http;
  private static TestApplication.Tenant acme;
  private static String key;

  @BeforeAll
  static void start() {
    app = TestApplication.start(MindhuntersPoliciesIT.class);
    http = new MindhuntersServer(app);
    acme = app.tenant("acme");
    key = acme.apiKey(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE);
    acme.agent("6f1c2a9e-8d4b-4c1e-9a55-0b7e3c2d1f00", "Night bot");
  }

  @AfterAll
  static void stop() {
    http.close();
    app.close();
  }

  private static String bought() {
    return acme.buy("+1208443" + NEXT.incrementAndGet()).number().id().toString();
  }

  private static RoutingPolicies stored(String uuid) {
    return app.useCases()
        .getPhoneNumber()
        .get(acme.quickContext(), PhoneNumberRef.of(PhoneNumberId.parse(uuid)))
        .number()
        .routing()
        .policies();
  }

  private static Reply patch(String uuid, String body) {
    return http.call("PATCH", "/api/v1/phone-numbers/" + uuid, key, body);
  }

  @Test
  void policies_patch_with_the_inbound_settings_and_show_under_them() {
    String uuid = bought();

    Reply reply =
        patch(
            uuid,
            """
            {"channel_settings": {"inbound": {"channel_limit": 3, "x_routing_policies": {"call": {
               "fallback": {"agent_id": "6f1c2a9e-8d4b-4c1e-9a55-0b7e3c2d1f00"},
               "business_hours": {"time_zone": "America/New_York",
                                  "weekly": {"friday": ["22:00-06:00"]},
                                  "exceptions": {"2026-12-25": []},
                                  "after_hours": {"reject_reason": "closed"}}}}}}}
            """);

    assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
    var inbound = reply.body().at("/data/channel_settings/inbound");
    assertThat(inbound.get("channel_limit").asInt()).isEqualTo(3);
    assertThat(inbound.at("/x_routing_policies/call/business_hours/weekly/friday/0").asText())
        .isEqualTo("22:00-06:00");
    assertThat(stored(uuid).of(BindingChannel.CALL).businessHours()).isPresent();
    var read = http.get("/api/v1/phone-numbers/" + uuid, key);
    assertThat(
            read.body()
                .at("/data/channel_settings/inbound/x_routing_policies/call/fallback/agent_id")
                .asText())
        .isEqualTo("6f1c2a9e-8d4b-4c1e-9a55-0b7e3c2d1f00");

    assertThat(
            patch(uuid, "{\"channel_settings\": {\"inbound\": {\"x_routing_policies\": null}}}")
                .status())
        .isEqualTo(200);
    assertThat(stored(uuid).isEmpty()).isFalse();
    Reply cleared =
        patch(
            uuid,
            "{\"channel_settings\": {\"inbound\": {\"x_routing_policies\": {\"call\": {}}}}}");
    assertThat(cleared.status()).isEqualTo(200);
    assertThat(cleared.body().at("/data/channel_settings/inbound").has("x_routing_policies"))
        .isFalse();
    assertThat(stored(uuid).isEmpty()).isTrue();
  }

  @Test
  void a_bad_policy_is_a_validation_error_naming_its_field_and_unknown_fields_stay_refused() {
    String uuid = bought();

    Reply bad =
        patch(
            uuid,
            """
            {"channel_settings": {"inbound": {"x_routing_policies": {"call": {
               "caller_screening": {"deny": ["premium"]}}}}}}
            """);
    Reply unknownAgent =
        patch(
            uuid,
            """
            {"channel_settings": {"inbound": {"x_routing_policies": {"sms": {
               "fallback": {"agent_id": "nobody"}}}}}}
            """);
    Reply unknown =
        patch(uuid, "{\"channel_settings\": {\"inbound\": {\"routing_policies\": {}}}}");

    assertThat(bad.status()).as(bad.raw()).isEqualTo(422);
    assertThat(bad.code()).isEqualTo("VALIDATION_ERROR");
    assertThat(bad.field())
        .isEqualTo("channel_settings.inbound.x_routing_policies.call.caller_screening.deny[0]");
    assertThat(unknownAgent.status()).as(unknownAgent.raw()).isEqualTo(404);
    assertThat(unknown.status()).as(unknown.raw()).isIn(400, 422);
    assertThat(stored(uuid).isEmpty()).isTrue();
  }
}
