package io.switchboard.rest.voiceos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.org.Scope;
import io.switchboard.persistence.testing.TestApplication;
import io.switchboard.rest.voiceos.DialectTestServer.Reply;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The VoiceOS dialect over HTTP, with the real use cases and PostgreSQL behind it. */
class VoiceOsIT {
  /** The seed 003 PATCH body, verbatim. */
  static final String SEED_BODY =
      """
      {
      "inbound_agent_id": "<string>",
      "webhooks": [
      {
      "events": [
      "phone_call:connection_requested"
      ],
      "url": "<string>",
      "method": "GET",
      "headers": {},
      "filter": "<string>"
      }
      ]
      }\
      """;

  /** The seed's shape with values a real client would send in the placeholders. */
  static final String SEED_BODY_FILLED =
      """
      {
      "inbound_agent_id": "agent_frontdesk",
      "webhooks": [
      {
      "events": [
      "phone_call:connection_requested"
      ],
      "url": "https://hooks.example.com/voiceos/agent",
      "method": "GET",
      "headers": {"X-Customer": "acme"},
      "filter": "direction == 'inbound'"
      }
      ]
      }\
      """;

  static final AtomicInteger NEXT_NUMBER = new AtomicInteger(1000);
  static TestApplication app;
  static DialectTestServer http;
  static TestApplication.Tenant acme;
  static String writer;
  static String reader;

  @BeforeAll
  static void start() {
    app = TestApplication.start(VoiceOsIT.class);
    http = DialectTestServer.start(app.useCases(), app.clock(), VoiceOsRoutes::of);
    acme = app.tenant("acme");
    writer = acme.apiKey(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE);
    reader = acme.apiKey(Scope.NUMBERS_READ);
    acme.agent("agent_frontdesk", "Front desk");
    acme.agent("agent_night", "Night shift");
  }

  /**
   * The inbound agent is the call binding, and an agent takes the calls of one number: every test
   * starts with both agents free, as if the numbers of earlier tests had been released.
   */
  @BeforeEach
  void freeTheAgents() {
    for (String agent : List.of("agent_frontdesk", "agent_night")) {
      try {
        app.useCases()
            .unbindAgent()
            .unbindAgent(
                acme.quickContext(),
                new AgentId(agent),
                io.switchboard.domain.binding.BindingChannel.CALL);
      } catch (io.switchboard.domain.error.NotFoundException notBound) {
        // free already
      }
    }
  }

  @AfterAll
  static void stop() {
    http.close();
    app.close();
  }

  static String freshNumber() {
    return "+1208443" + NEXT_NUMBER.getAndIncrement();
  }

  static PhoneNumberView buy(TestApplication.Tenant tenant) {
    return tenant.buy(freshNumber());
  }

  static PhoneNumberView current(TestApplication.Tenant tenant, PhoneNumberView view) {
    return app.useCases()
        .getPhoneNumber()
        .get(tenant.quickContext(), PhoneNumberRef.of(view.number().id()));
  }

  static String path(PhoneNumberView view) {
    return "/phone_numbers/" + view.number().number().value();
  }

  static List<String> fieldNames(JsonNode node) {
    var names = new ArrayList<String>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  @Test
  void the_seed_example_sent_verbatim_is_refused_at_its_placeholders_and_changes_nothing() {
    PhoneNumberView number = buy(acme);
    Reply reply = http.patch(path(number), writer, SEED_BODY);
    assertThat(reply.status()).isEqualTo(422);
    assertThat(reply.body().get("detail"))
        .allSatisfy(d -> {
          assertThat(fieldNames(d)).containsExactly("loc", "msg", "type");
          assertThat(d.get("type").asText()).isEqualTo("value_error");
        });
    assertThat(reply.body().get("detail"))
        .extracting(d -> d.get("loc").toString())
        .containsExactlyInAnyOrder(
            "[\"body\",\"inbound_agent_id\"]", "[\"body\",\"webhooks\",0,\"url\"]");
    assertThat(current(acme, number).number().version()).isEqualTo(number.number().version());
  }

  @Test
  void the_seed_example_with_real_values_answers_the_documented_resource_field_by_field() {
    PhoneNumberView number = buy(acme);
    Reply reply = http.patch(path(number), writer, SEED_BODY_FILLED);
    assertThat(reply.status()).isEqualTo(200);
    JsonNode body = reply.body();
    assertThat(fieldNames(body))
        .containsExactly(
            "uri",
            "inbound_agent_id",
            "phone_number",
            "account_id",
            "created_at",
            "updated_at",
            "telephony",
            "webhooks",
            "id");
    String e164 = number.number().number().value();
    assertThat(body.get("uri").asText()).isEqualTo("/phone_numbers/" + e164);
    assertThat(body.get("inbound_agent_id").asText()).isEqualTo("agent_frontdesk");
    assertThat(body.get("phone_number").asText()).isEqualTo(e164);
    assertThat(body.get("account_id").asText()).isEqualTo(acme.id().toString());
    assertThat(body.get("created_at").asText())
        .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
    assertThat(body.get("updated_at").asText())
        .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
    JsonNode telephony = body.get("telephony");
    assertThat(fieldNames(telephony))
        .containsExactly("provider", "phone_number_sid", "account_sid", "auth_token");
    assertThat(telephony.get("provider").asText()).isEqualTo("twilio");
    assertThat(telephony.get("phone_number_sid").asText())
        .isEqualTo(number.number().id().toString());
    assertThat(telephony.get("account_sid").asText()).isEqualTo(acme.id().toString());
    assertThat(telephony.get("auth_token").asText()).matches("\\*+");
    JsonNode webhook = body.get("webhooks").get(0);
    assertThat(body.get("webhooks")).hasSize(1);
    assertThat(fieldNames(webhook)).containsExactly("events", "url", "method", "headers", "filter");
    assertThat(webhook.get("events").toString()).isEqualTo("[\"phone_call:connection_requested\"]");
    assertThat(webhook.get("url").asText()).isEqualTo("https://hooks.example.com/voiceos/agent");
    assertThat(webhook.get("method").asText()).isEqualTo("GET");
    assertThat(webhook.get("headers").toString()).isEqualTo("{\"X-Customer\":\"acme\"}");
    assertThat(webhook.get("filter").asText()).isEqualTo("direction == 'inbound'");
    assertThat(body.get("id").asText()).isEqualTo(number.number().id().toString());
    assertThat(reply.header("ETag")).isPresent();

    PhoneNumberView stored = current(acme, number);
    assertThat(callAgent(stored)).contains(new AgentId("agent_frontdesk"));
    assertThat(stored.number().routing().webhooks()).hasSize(1);
  }

  @Test
  void the_path_key_is_accepted_with_plus_url_encoded_or_without_plus() {
    PhoneNumberView number = buy(acme);
    String e164 = number.number().number().value();
    for (String key : List.of(e164, "%2B" + e164.substring(1), e164.substring(1))) {
      Reply reply = http.get("/phone_numbers/" + key, reader);
      assertThat(reply.status()).as(key).isEqualTo(200);
      assertThat(reply.body().get("phone_number").asText()).isEqualTo(e164);
    }
  }

  @Test
  void a_path_key_that_is_not_a_number_is_422_in_the_path() {
    Reply reply = http.get("/phone_numbers/not-a-number", reader);
    assertThat(reply.status()).isEqualTo(422);
    assertThat(reply.body().at("/detail/0/loc").toString())
        .isEqualTo("[\"path\",\"phone_number\"]");
  }

  @Test
  void unknown_and_foreign_numbers_are_404_with_a_detail_string() {
    TestApplication.Tenant other = app.tenant("other");
    PhoneNumberView foreign = buy(other);
    for (String key : List.of(freshNumber(), foreign.number().number().value())) {
      Reply get = http.get("/phone_numbers/" + key, writer);
      assertThat(get.status()).isEqualTo(404);
      assertThat(get.body().get("detail").asText()).isEqualTo("Phone number not found");
    }
    Reply patch = http.patch(path(foreign), writer, "{\"inbound_agent_id\": null}");
    assertThat(patch.status()).isEqualTo(404);
    assertThat(current(other, foreign).number().version()).isEqualTo(foreign.number().version());
  }

  @Test
  void missing_or_bad_credentials_are_401() {
    PhoneNumberView number = buy(acme);
    Reply missing = http.get(path(number), null);
    assertThat(missing.status()).isEqualTo(401);
    assertThat(missing.body().get("detail").asText()).isEqualTo("Not authenticated");
    Reply bad = http.patch(path(number), "sb_not_a_key", SEED_BODY_FILLED);
    assertThat(bad.status()).isEqualTo(401);
    assertThat(bad.body().get("detail").isTextual()).isTrue();
    assertThat(current(acme, number).number().version()).isEqualTo(number.number().version());
  }

  @Test
  void a_read_only_key_cannot_patch_or_delete() {
    PhoneNumberView number = buy(acme);
    Reply patch = http.patch(path(number), reader, SEED_BODY_FILLED);
    assertThat(patch.status()).isEqualTo(403);
    assertThat(patch.body().get("detail").asText()).isEqualTo("missing required scope");
    Reply delete = http.delete(path(number) + "?release_phone_number=true", reader);
    assertThat(delete.status()).isEqualTo(403);
    assertThat(current(acme, number).number().version()).isEqualTo(number.number().version());
  }

  @Test
  void absent_fields_keep_and_null_inbound_agent_unbinds() {
    PhoneNumberView number = buy(acme);
    assertThat(http.patch(path(number), writer, SEED_BODY_FILLED).status()).isEqualTo(200);

    Reply onlyWebhooks = http.patch(path(number), writer, "{\"webhooks\": []}");
    assertThat(onlyWebhooks.status()).isEqualTo(200);
    assertThat(onlyWebhooks.body().get("inbound_agent_id").asText()).isEqualTo("agent_frontdesk");
    assertThat(onlyWebhooks.body().get("webhooks")).isEmpty();

    Reply unbind = http.patch(path(number), writer, "{\"inbound_agent_id\": null}");
    assertThat(unbind.status()).isEqualTo(200);
    assertThat(unbind.body().get("inbound_agent_id").isNull()).isTrue();
    assertThat(callAgent(current(acme, number))).isEmpty();
  }

  @Test
  void webhooks_replace_the_whole_list() {
    PhoneNumberView number = buy(acme);
    http.patch(path(number), writer, SEED_BODY_FILLED);
    Reply replaced =
        http.patch(
            path(number),
            writer,
            """
            {"webhooks": [
              {"events": ["phone_call:started", "phone_call:ended"], "url": "https://a.example/calls", "method": "POST"},
              {"events": ["message:received"], "url": "https://b.example/sms"}]}\
            """);
    assertThat(replaced.status()).isEqualTo(200);
    JsonNode hooks = replaced.body().get("webhooks");
    assertThat(hooks).hasSize(2);
    assertThat(hooks.get(0).get("events").toString())
        .isEqualTo("[\"phone_call:started\",\"phone_call:ended\"]");
    assertThat(hooks.get(0).get("method").asText()).isEqualTo("POST");
    assertThat(hooks.get(1).get("url").asText()).isEqualTo("https://b.example/sms");
    assertThat(hooks.get(1).get("headers").toString()).isEqualTo("{}");
    assertThat(hooks.get(1).get("filter").isNull()).isTrue();
    assertThat(current(acme, number).number().routing().webhooks()).hasSize(2);
  }

  @Test
  void invalid_webhooks_are_422_at_their_location_and_change_nothing() {
    PhoneNumberView number = buy(acme);
    Reply reply =
        http.patch(
            path(number),
            writer,
            """
            {"inbound_agent_id": "agent_night", "webhooks": [
              {"events": ["phone_call:connection_requested"], "url": "https://ok.example"},
              {"events": ["phone_call:hung_up"], "url": "http://plain.example", "method": "PUT", "headers": {"A": 1}}]}\
            """);
    assertThat(reply.status()).isEqualTo(422);
    assertThat(reply.body().get("detail"))
        .extracting(d -> d.get("loc").toString() + " " + d.get("type").asText())
        .containsExactlyInAnyOrder(
            "[\"body\",\"webhooks\",1,\"events\",0] enum",
            "[\"body\",\"webhooks\",1,\"url\"] value_error",
            "[\"body\",\"webhooks\",1,\"method\"] enum",
            "[\"body\",\"webhooks\",1,\"headers\",\"A\"] string_type");
    assertThat(current(acme, number).number().version()).isEqualTo(number.number().version());
  }

  @Test
  void unknown_fields_and_unknown_agents_are_refused_and_change_nothing() {
    PhoneNumberView number = buy(acme);
    Reply extra =
        http.patch(
            path(number), writer, "{\"inbound_agent_id\": \"agent_night\", \"label\": \"x\"}");
    assertThat(extra.status()).isEqualTo(422);
    assertThat(extra.body().at("/detail/0/type").asText()).isEqualTo("extra_forbidden");
    assertThat(extra.body().at("/detail/0/loc").toString()).isEqualTo("[\"body\",\"label\"]");

    Reply unknownAgent =
        http.patch(path(number), writer, "{\"inbound_agent_id\": \"agent_nobody\"}");
    assertThat(unknownAgent.status()).isEqualTo(404);
    assertThat(unknownAgent.body().get("detail").asText()).isEqualTo("Agent not found");

    Reply notJson = http.patch(path(number), writer, "{\"inbound_agent_id\": ");
    assertThat(notJson.status()).isEqualTo(422);
    assertThat(notJson.body().at("/detail/0/type").asText()).isEqualTo("json_invalid");
    assertThat(current(acme, number).number().version()).isEqualTo(number.number().version());
  }

  @Test
  void a_stale_if_match_is_412_and_changes_nothing() {
    PhoneNumberView number = buy(acme);
    Reply first = http.get(path(number), reader);
    String etag = first.header("ETag").orElseThrow();
    assertThat(
            http.patch(path(number), writer, "{\"inbound_agent_id\": \"agent_frontdesk\"}")
                .status())
        .isEqualTo(200);
    PhoneNumberView before = current(acme, number);
    Reply stale =
        http.send(
            "PATCH",
            path(number),
            writer,
            "{\"inbound_agent_id\": \"agent_night\"}",
            "If-Match",
            etag);
    assertThat(stale.status()).isEqualTo(412);
    assertThat(stale.body().get("detail").isTextual()).isTrue();
    assertThat(current(acme, number).number().version()).isEqualTo(before.number().version());
  }

  @Test
  void an_idempotency_key_replays_the_first_answer_and_refuses_another_request() {
    PhoneNumberView number = buy(acme);
    Reply first =
        http.send(
            "PATCH",
            path(number),
            writer,
            "{\"inbound_agent_id\": \"agent_night\"}",
            "Idempotency-Key",
            "voiceos-key-1");
    long version = current(acme, number).number().version();
    Reply replay =
        http.send(
            "PATCH",
            path(number),
            writer,
            "{\"inbound_agent_id\": \"agent_night\"}",
            "Idempotency-Key",
            "voiceos-key-1");
    assertThat(replay.status()).isEqualTo(200);
    assertThat(replay.body()).isEqualTo(first.body());
    Reply reused =
        http.send(
            "PATCH",
            path(number),
            writer,
            "{\"inbound_agent_id\": null}",
            "Idempotency-Key",
            "voiceos-key-1");
    assertThat(reused.status()).isEqualTo(422);
    assertThat(reused.body().at("/detail/0/loc").toString())
        .isEqualTo("[\"header\",\"idempotency-key\"]");
    assertThat(current(acme, number).number().version()).isEqualTo(version);
    assertThat(callAgent(current(acme, number))).contains(new AgentId("agent_night"));
  }

  @Test
  void the_list_pages_by_index_and_size() {
    TestApplication.Tenant tenant = app.tenant("lister");
    String key = tenant.apiKey(Scope.NUMBERS_READ);
    List<String> bought = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      bought.add(buy(tenant).number().number().value());
    }
    Reply page1 = http.get("/phone_numbers?index=1&size=2", key);
    assertThat(page1.status()).isEqualTo(200);
    assertThat(fieldNames(page1.body())).containsExactly("items", "index", "has_next");
    assertThat(page1.body().get("items")).hasSize(2);
    assertThat(page1.body().get("index").asInt()).isEqualTo(1);
    assertThat(page1.body().get("has_next").asBoolean()).isTrue();
    Reply page2 = http.get("/phone_numbers?index=2&size=2", key);
    assertThat(page2.body().get("items")).hasSize(1);
    assertThat(page2.body().get("has_next").asBoolean()).isFalse();
    List<String> listed = new ArrayList<>();
    page1.body().get("items").forEach(n -> listed.add(n.get("phone_number").asText()));
    page2.body().get("items").forEach(n -> listed.add(n.get("phone_number").asText()));
    assertThat(listed).containsExactlyElementsOf(bought);

    Reply bad = http.get("/phone_numbers?index=0&size=1001", key);
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.body().get("detail")).hasSize(2);
  }

  @Test
  void delete_without_release_detaches_routing_and_keeps_the_number() {
    PhoneNumberView number = buy(acme);
    http.patch(path(number), writer, SEED_BODY_FILLED);
    Reply detached = http.delete(path(number) + "?release_phone_number=false", writer);
    assertThat(detached.status()).isEqualTo(200);
    assertThat(detached.body().get("inbound_agent_id").isNull()).isTrue();
    assertThat(detached.body().get("webhooks")).isEmpty();
    assertThat(detached.body().get("phone_number").asText())
        .isEqualTo(number.number().number().value());
    assertThat(http.get(path(number), reader).status()).isEqualTo(200);
  }

  @Test
  void delete_with_release_quarantines_the_number() {
    PhoneNumberView number = buy(acme);
    http.patch(path(number), writer, SEED_BODY_FILLED);
    Reply released = http.delete(path(number) + "?release_phone_number=true", writer);
    assertThat(released.status()).isEqualTo(200);
    assertThat(released.body().get("id").asText()).isEqualTo(number.number().id().toString());
    assertThat(released.body().get("inbound_agent_id").isNull()).isTrue();
    assertThat(released.body().get("webhooks")).isEmpty();
    assertThat(http.get(path(number), reader).status()).isEqualTo(404);
    // quarantined: nobody can buy it back at once
    E164 e164 = number.number().number();
    org.assertj.core.api.Assertions.assertThatThrownBy(() ->
            app.useCases().purchasePhoneNumber().purchase(app.tenant("buyer").quickContext(), e164))
        .isInstanceOf(io.switchboard.domain.error.DomainException.class);
  }

  @Test
  void a_bad_release_flag_is_422_and_releases_nothing() {
    PhoneNumberView number = buy(acme);
    Reply reply = http.delete(path(number) + "?release_phone_number=perhaps", writer);
    assertThat(reply.status()).isEqualTo(422);
    assertThat(reply.body().at("/detail/0/loc").toString())
        .isEqualTo("[\"query\",\"release_phone_number\"]");
    assertThat(http.get(path(number), reader).status()).isEqualTo(200);
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
