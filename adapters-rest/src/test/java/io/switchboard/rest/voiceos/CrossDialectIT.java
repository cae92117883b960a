package io.switchboard.rest.voiceos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.org.Scope;
import io.switchboard.persistence.testing.TestApplication;
import io.switchboard.rest.voiceos.DialectTestServer.Reply;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One number changed through three dialects on one server (the real {@code RestApi}): routing URLs
 * through AgentMessage, the inbound agent and webhooks through VoiceOS, channel settings through
 * Mindhunters. Each dialect then shows the combined state in its own shape, and the use cases (what
 * gRPC serves) see all of it.
 */
class CrossDialectIT {
  static TestApplication app;
  static DialectTestServer http;

  @BeforeAll
  static void start() {
    app = TestApplication.start(CrossDialectIT.class);
    http = DialectTestServer.startRestApi(app.useCases(), app.clock());
  }

  @AfterAll
  static void stop() {
    http.close();
    app.close();
  }

  @Test
  void changes_through_every_dialect_add_up_on_the_same_number() {
    TestApplication.Tenant tenant = app.tenant("cross");
    String key = tenant.apiKey(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE);
    tenant.agent("agent_reception", "Reception");
    PhoneNumberView bought = tenant.buy("+12084439178");
    String id = bought.number().id().toString();
    String campaign = UUID.randomUUID().toString();

    Reply routing =
        http.patch(
            "/v1/phone-numbers/" + id,
            key,
            """
            {"inbound_url": "https://customer.example/v2/inbound", "status_url": "https://customer.example/v2/status",
             "label": "Reception line", "campaign_id": "%s"}\
            """
                .formatted(campaign));
    assertThat(routing.status()).isEqualTo(200);

    Reply agent =
        http.patch(
            "/phone_numbers/%2B12084439178",
            key,
            """
            {"inbound_agent_id": "agent_reception", "webhooks": [{"events": ["phone_call:connection_requested"],
             "url": "https://customer.example/voiceos/agent", "method": "POST", "headers": {"X-Env": "prod"}}]}\
            """);
    assertThat(agent.status()).isEqualTo(200);

    Reply settings =
        http.patch(
            "/api/v1/phone-numbers/" + id,
            key,
            """
            {"channel_settings": {"voice": {"channel_limit": 7}, "sms": {"enabled": false}}}\
            """);
    assertThat(settings.status()).isEqualTo(200);

    // AgentMessage: its routing fields, and the SMS channel turned off through Mindhunters
    JsonNode am = http.get("/v1/phone-numbers/" + id, key).body().get("data");
    assertThat(am.get("inbound_url").asText()).isEqualTo("https://customer.example/v2/inbound");
    assertThat(am.get("status_url").asText()).isEqualTo("https://customer.example/v2/status");
    assertThat(am.get("label").asText()).isEqualTo("Reception line");
    assertThat(am.get("campaign_id").asText()).isEqualTo(campaign);
    assertThat(am.get("sms_enabled").asBoolean()).isFalse();

    // VoiceOS: the inbound agent and webhooks survived the two later changes
    Reply voiceOs = http.get("/phone_numbers/12084439178", key);
    assertThat(voiceOs.body().get("inbound_agent_id").asText()).isEqualTo("agent_reception");
    assertThat(voiceOs.body().at("/webhooks/0/url").asText())
        .isEqualTo("https://customer.example/voiceos/agent");
    assertThat(voiceOs.body().at("/webhooks/0/method").asText()).isEqualTo("POST");

    // Mindhunters: the channel settings, next to the untouched rest
    Reply mh = http.get("/api/v1/phone-numbers/" + id, key);
    assertThat(mh.status()).isEqualTo(200);
    JsonNode channels = mh.body().at("/data/channel_settings");
    assertThat(channels.at("/voice/channel_limit").asInt()).isEqualTo(7);
    assertThat(channels.at("/voice/enabled").asBoolean()).isTrue();
    assertThat(channels.at("/sms/enabled").asBoolean()).isFalse();

    // one number, one version: every dialect hands out the same etag
    String etag = voiceOs.header("ETag").orElseThrow();
    assertThat(http.get("/v1/phone-numbers/" + id, key).header("ETag")).contains(etag);
    assertThat(mh.header("ETag")).contains(etag);

    // and the use cases behind gRPC see everything at once
    PhoneNumberView seen =
        app.useCases()
            .getPhoneNumber()
            .get(tenant.quickContext(), PhoneNumberRef.of(bought.number().id()));
    assertThat(callAgent(seen)).contains(new AgentId("agent_reception"));
    assertThat(seen.number().routing().webhooks()).hasSize(1);
    assertThat(seen.number().routing().inboundUrl().orElseThrow().value())
        .isEqualTo("https://customer.example/v2/inbound");
    assertThat(seen.number().channelSettings().voice().channelLimit().value()).isEqualTo(7);
    assertThat(seen.number().channelSettings().sms().enabled()).isFalse();
    assertThat(seen.number().version()).isEqualTo(bought.number().version() + 3);
  }

  @Test
  void a_release_through_agentmessage_is_seen_by_voiceos_and_mindhunters() {
    TestApplication.Tenant tenant = app.tenant("cross-release");
    String key = tenant.apiKey(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE);
    PhoneNumberView bought = tenant.buy("+12084439179");
    String id = bought.number().id().toString();
    assertThat(http.delete("/v1/phone-numbers/" + id, key).status()).isEqualTo(200);
    assertThat(http.get("/phone_numbers/+12084439179", key).status()).isEqualTo(404);
    assertThat(http.get("/api/v1/phone-numbers/" + id, key).status()).isEqualTo(404);
    assertThat(http.get("/phone_numbers", key).body().get("items")).isEmpty();
  }

  /**
   * The agent taking the number's calls: its call binding, which VoiceOS shows as the inbound agent
   * (issue 12).
   */
  private static java.util.Optional<AgentId> callAgent(PhoneNumberView view) {
    return java.util.Optional.ofNullable(
            view.bindings().get(io.switchboard.domain.binding.BindingChannel.CALL))
        .map(a -> a.agentId());
  }
}
