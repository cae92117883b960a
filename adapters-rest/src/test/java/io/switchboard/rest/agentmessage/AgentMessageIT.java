package io.switchboard.rest.agentmessage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.number.UpdatePhoneNumberUseCase;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.number.Capabilities;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.NumberType;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.routing.CampaignId;
import io.switchboard.domain.routing.RoutingPatch;
import io.switchboard.persistence.testing.TestApplication;
import io.switchboard.rest.voiceos.DialectTestServer;
import io.switchboard.rest.voiceos.DialectTestServer.Reply;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The AgentMessage dialect over HTTP, with the real use cases and PostgreSQL behind it. */
class AgentMessageIT {
  /** The seed 004 request, verbatim: path and body. */
  static final String SEED_PATH = "/v1/phone-numbers/497f6eca-6276-4993-bfeb-53cbbbba6f08";

  static final String SEED_BODY = "{ \"inbound_url\": \"https://customer.example/v2/inbound\" }";

  static final AtomicInteger NEXT = new AtomicInteger(1000);
  static TestApplication app;
  static DialectTestServer http;
  static TestApplication.Tenant acme;
  static String writer;
  static String reader;

  @BeforeAll
  static void start() {
    app = TestApplication.start(AgentMessageIT.class);
    http = DialectTestServer.start(app.useCases(), app.clock(), AgentMessageRoutes::of);
    acme = app.tenant("acme");
    writer = acme.apiKey(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE);
    reader = acme.apiKey(Scope.NUMBERS_READ);
  }

  @AfterAll
  static void stop() {
    http.close();
    app.close();
  }

  static String freshLocal() {
    return "+1208555" + NEXT.getAndIncrement();
  }

  static String freshTollFree() {
    return "+1888555" + NEXT.getAndIncrement();
  }

  static PhoneNumberView buy(TestApplication.Tenant tenant) {
    return tenant.buy(freshLocal());
  }

  static String path(PhoneNumberView view) {
    return "/v1/phone-numbers/" + view.number().id();
  }

  static PhoneNumberView current(TestApplication.Tenant tenant, PhoneNumberView view) {
    return app.useCases()
        .getPhoneNumber()
        .get(tenant.quickContext(), PhoneNumberRef.of(view.number().id()));
  }

  static List<String> fieldNames(JsonNode node) {
    var names = new ArrayList<String>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  /** The documented error envelope, its request id equal to the X-Request-Id header. */
  static void assertError(Reply reply, int status, String code) {
    assertThat(reply.status()).isEqualTo(status);
    assertThat(fieldNames(reply.body())).containsExactly("success", "error");
    assertThat(reply.body().get("success").asBoolean()).isFalse();
    JsonNode error = reply.body().get("error");
    assertThat(error.get("code").asText()).isEqualTo(code);
    assertThat(error.get("message").isTextual()).isTrue();
    assertThat(error.get("request_id").asText())
        .isNotEmpty()
        .isEqualTo(reply.header("X-Request-Id").orElseThrow());
  }

  @Test
  void the_seed_request_verbatim_names_a_number_we_do_not_have_so_it_is_404() {
    Reply reply = http.patch(SEED_PATH, writer, SEED_BODY);
    assertError(reply, 404, "NOT_FOUND");
    assertThat(reply.body().at("/error/message").asText()).isEqualTo("not found");
    assertThat(reply.body().get("error").has("details")).isFalse();
  }

  @Test
  void the_seed_body_on_a_held_number_answers_the_documented_resource_field_by_field() {
    PhoneNumberView number = buy(acme);
    Reply reply = http.patch(path(number), writer, SEED_BODY);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(fieldNames(reply.body())).containsExactly("success", "data");
    assertThat(reply.body().get("success").asBoolean()).isTrue();
    JsonNode data = reply.body().get("data");
    assertThat(fieldNames(data))
        .containsExactly(
            "id",
            "number",
            "number_type",
            "inbound_url",
            "status_url",
            "label",
            "campaign_id",
            "carrier_line_option_status",
            "carrier_line_option_propagated_at",
            "sms_enabled",
            "mms_enabled",
            "created_at",
            "updated_at");
    assertThat(data.get("id").asText()).isEqualTo(number.number().id().toString());
    assertThat(data.get("number").asText()).isEqualTo(number.number().number().value());
    assertThat(data.get("number_type").asText()).isEqualTo("local");
    assertThat(data.get("inbound_url").asText()).isEqualTo("https://customer.example/v2/inbound");
    assertThat(data.get("status_url").isNull()).isTrue();
    assertThat(data.get("label").isNull()).isTrue();
    assertThat(data.get("campaign_id").isNull()).isTrue();
    assertThat(data.get("carrier_line_option_status").asText()).isEqualTo("active");
    assertThat(data.get("carrier_line_option_propagated_at").isNull()).isTrue();
    assertThat(data.get("sms_enabled").asBoolean()).isTrue();
    assertThat(data.get("mms_enabled").asBoolean()).isFalse();
    assertThat(data.get("created_at").asText())
        .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
    assertThat(data.get("updated_at").asText())
        .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
    assertThat(reply.header("X-Request-Id")).isPresent();
    assertThat(current(acme, number).number().routing().inboundUrl().orElseThrow().value())
        .isEqualTo("https://customer.example/v2/inbound");
  }

  @Test
  void any_other_field_is_400_invalid_input_and_changes_nothing() {
    PhoneNumberView number = buy(acme);
    Reply reply =
        http.patch(
            path(number),
            writer,
            "{\"inbound_url\": \"https://a.example\", \"sms_enabled\": false}");
    assertError(reply, 400, "INVALID_INPUT");
    assertThat(reply.body().at("/error/details/sms_enabled").isTextual()).isTrue();
    assertThat(current(acme, number).number().version()).isEqualTo(number.number().version());
  }

  @Test
  void null_leaves_unchanged_and_empty_string_clears() {
    PhoneNumberView number = buy(acme);
    String campaign = UUID.randomUUID().toString();
    Reply set =
        http.patch(
            path(number),
            writer,
            """
            {"inbound_url": "https://a.example/in", "status_url": "https://a.example/status", "label": "Support",
             "campaign_id": "%s"}\
            """
                .formatted(campaign));
    assertThat(set.status()).isEqualTo(200);
    assertThat(set.body().at("/data/campaign_id").asText()).isEqualTo(campaign);

    Reply nulls =
        http.patch(
            path(number),
            writer,
            "{\"inbound_url\": null, \"status_url\": null, \"label\": null, \"campaign_id\": null}");
    assertThat(nulls.status()).isEqualTo(200);
    assertThat(nulls.body().at("/data/inbound_url").asText()).isEqualTo("https://a.example/in");
    assertThat(nulls.body().at("/data/label").asText()).isEqualTo("Support");
    assertThat(nulls.body().at("/data/campaign_id").asText()).isEqualTo(campaign);

    Reply cleared =
        http.patch(
            path(number), writer, "{\"inbound_url\": \"\", \"status_url\": \"\", \"label\": \"\"}");
    assertThat(cleared.status()).isEqualTo(200);
    assertThat(cleared.body().at("/data/inbound_url").isNull()).isTrue();
    assertThat(cleared.body().at("/data/status_url").isNull()).isTrue();
    assertThat(cleared.body().at("/data/label").isNull()).isTrue();
    assertThat(cleared.body().at("/data/campaign_id").asText()).isEqualTo(campaign);
    var routing = current(acme, number).number().routing();
    assertThat(routing.inboundUrl()).isEmpty();
    assertThat(routing.label()).isEmpty();
    assertThat(routing.campaignId()).contains(CampaignId.parse(campaign));
  }

  @Test
  void an_empty_campaign_id_is_422_validation_failed_and_changes_nothing() {
    PhoneNumberView number = buy(acme);
    Reply reply = http.patch(path(number), writer, "{\"campaign_id\": \"\", \"label\": \"x\"}");
    assertError(reply, 422, "VALIDATION_FAILED");
    assertThat(reply.body().at("/error/message").asText()).isEqualTo("validation failed");
    assertThat(reply.body().at("/error/details/campaign_id").isTextual()).isTrue();
    assertThat(current(acme, number).number().version()).isEqualTo(number.number().version());
  }

  @Test
  void urls_must_be_https() {
    PhoneNumberView number = buy(acme);
    Reply reply =
        http.patch(
            path(number),
            writer,
            "{\"inbound_url\": \"http://plain.example/in\", \"status_url\": \"ftp://x.example\"}");
    assertError(reply, 422, "VALIDATION_FAILED");
    assertThat(fieldNames(reply.body().at("/error/details")))
        .containsExactlyInAnyOrder("inbound_url", "status_url");
    assertThat(current(acme, number).number().version()).isEqualTo(number.number().version());
  }

  @Test
  void patch_needs_numbers_write_even_for_an_invalid_body() {
    PhoneNumberView number = buy(acme);
    for (String body : List.of(SEED_BODY, "{\"colour\": \"red\"}")) {
      Reply reply = http.patch(path(number), reader, body);
      assertError(reply, 403, "FORBIDDEN");
      assertThat(reply.body().at("/error/message").asText()).isEqualTo("missing required scope");
    }
    assertThat(current(acme, number).number().version()).isEqualTo(number.number().version());
  }

  @Test
  void missing_or_unknown_keys_are_401_unauthorized() {
    PhoneNumberView number = buy(acme);
    assertError(http.get(path(number), null), 401, "UNAUTHORIZED");
    Reply bad = http.patch(path(number), "am_live_unknown", SEED_BODY);
    assertError(bad, 401, "UNAUTHORIZED");
    assertThat(bad.body().at("/error/message").asText()).isEqualTo("authentication failed");
    assertThat(current(acme, number).number().version()).isEqualTo(number.number().version());
  }

  @Test
  void get_one_and_another_organizations_number_is_404() {
    PhoneNumberView mine = buy(acme);
    Reply ok = http.get(path(mine), reader);
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.body().at("/data/id").asText()).isEqualTo(mine.number().id().toString());
    assertThat(ok.header("ETag")).isPresent();

    TestApplication.Tenant other = app.tenant("other");
    PhoneNumberView theirs = buy(other);
    assertError(http.get(path(theirs), reader), 404, "NOT_FOUND");
    assertError(http.patch(path(theirs), writer, SEED_BODY), 404, "NOT_FOUND");
    assertThat(current(other, theirs).number().routing().inboundUrl()).isEmpty();
    Reply badId = http.get("/v1/phone-numbers/not-a-uuid", reader);
    assertError(badId, 422, "VALIDATION_FAILED");
    assertThat(badId.body().at("/error/details/id").isTextual()).isTrue();
  }

  @Test
  void the_list_is_newest_first_with_a_cursor_that_ends_in_null() {
    TestApplication.Tenant tenant = app.tenant("lister");
    String key = tenant.apiKey(Scope.NUMBERS_READ);
    List<String> bought = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      bought.add(0, buy(tenant).number().id().toString());
    }
    List<String> listed = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Reply page =
          http.get("/v1/phone-numbers?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), key);
      assertThat(page.status()).isEqualTo(200);
      assertThat(fieldNames(page.body())).containsExactly("success", "data", "meta");
      assertThat(page.body().at("/meta/limit").asInt()).isEqualTo(2);
      assertThat(page.body().at("/meta/total").asLong()).isEqualTo(5);
      page.body().get("data").forEach(n -> listed.add(n.get("id").asText()));
      JsonNode next = page.body().at("/meta/next_cursor");
      cursor = next.isNull() ? null : next.asText();
      pages++;
    } while (cursor != null && pages < 10);
    assertThat(pages).isEqualTo(3);
    assertThat(listed).containsExactlyElementsOf(bought);

    Reply whole = http.get("/v1/phone-numbers", key);
    assertThat(whole.body().get("data")).hasSize(5);
    assertThat(whole.body().at("/meta/limit").asInt()).isEqualTo(20);
    assertThat(whole.body().at("/meta/next_cursor").isNull()).isTrue();
  }

  @Test
  void the_list_filters_by_number_type_campaign_and_search() {
    TestApplication.Tenant tenant = app.tenant("filters");
    String key = tenant.apiKey(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE);
    PhoneNumberView local = buy(tenant);
    PhoneNumberView mobileAsLocal =
        tenant.buy(freshLocal(), NumberType.MOBILE, Capabilities.VOICE_AND_SMS, "1.00");
    PhoneNumberView tollFree =
        tenant.buy(freshTollFree(), NumberType.TOLL_FREE, Capabilities.VOICE_AND_SMS, "2.00");
    CampaignId campaign = new CampaignId(UUID.randomUUID());
    app.useCases()
        .updatePhoneNumber()
        .update(
            tenant.quickContext(),
            UpdatePhoneNumberUseCase.Command.routing(
                PhoneNumberRef.of(local.number().id()),
                new RoutingPatch(
                    Patch.keep(),
                    Patch.keep(),
                    Patch.keep(),
                    Patch.set(new io.switchboard.domain.routing.Label("Front desk")),
                    Patch.set(campaign),
                    Patch.keep())));

    assertThat(ids(http.get("/v1/phone-numbers?number_type=toll_free", key)))
        .containsExactly(tollFree.number().id().toString());
    assertThat(ids(http.get("/v1/phone-numbers?number_type=local", key)))
        .containsExactly(mobileAsLocal.number().id().toString(), local.number().id().toString());
    assertThat(ids(http.get("/v1/phone-numbers?number_type=short_code", key))).isEmpty();
    assertThat(ids(http.get("/v1/phone-numbers?campaign_id=" + campaign, key)))
        .containsExactly(local.number().id().toString());
    assertThat(ids(http.get("/v1/phone-numbers?search=front", key)))
        .containsExactly(local.number().id().toString());
    String digits = tollFree.number().number().value().substring(5);
    assertThat(ids(http.get("/v1/phone-numbers?search=" + digits, key)))
        .containsExactly(tollFree.number().id().toString());
  }

  private static List<String> ids(Reply reply) {
    assertThat(reply.status()).isEqualTo(200);
    var ids = new ArrayList<String>();
    reply.body().get("data").forEach(n -> ids.add(n.get("id").asText()));
    return ids;
  }

  @Test
  void tampered_cursors_and_bad_limits_are_validation_failures() {
    for (String query :
        List.of(
            "cursor=not-base64!",
            "cursor=eyJmb28iOjF9",
            "limit=0",
            "limit=101",
            "limit=x",
            "number_type=mobile",
            "campaign_id=nope")) {
      Reply reply = http.get("/v1/phone-numbers?" + query, reader);
      assertError(reply, 422, "VALIDATION_FAILED");
      assertThat(reply.body().at("/error/details").size()).as(query).isEqualTo(1);
    }
  }

  @Test
  void release_answers_released_and_the_number_is_gone() {
    PhoneNumberView number = buy(acme);
    http.patch(path(number), writer, SEED_BODY);
    Reply reply = http.delete(path(number), writer);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().toString())
        .isEqualTo("{\"success\":true,\"data\":{\"status\":\"released\"}}");
    assertError(http.get(path(number), reader), 404, "NOT_FOUND");
  }

  @Test
  void a_retried_release_with_its_idempotency_key_gets_the_first_answer_not_a_404() {
    PhoneNumberView number = buy(acme);
    Reply first =
        http.send(
            "DELETE",
            path(number),
            writer,
            null,
            "Idempotency-Key",
            "release-" + number.number().id());
    Reply retry =
        http.send(
            "DELETE",
            path(number),
            writer,
            null,
            "Idempotency-Key",
            "release-" + number.number().id());
    assertThat(first.status()).isEqualTo(200);
    assertThat(retry.status()).isEqualTo(200);
    assertThat(retry.body()).isEqualTo(first.body());
    assertError(http.delete(path(number), writer), 404, "NOT_FOUND");
  }

  @Test
  void return_to_carrier_needs_the_inventory_scope_and_leaves_the_number_untouched() {
    PhoneNumberView number = buy(acme);
    Reply refused = http.delete(path(number) + "?return_to_carrier=true", writer);
    assertError(refused, 403, "FORBIDDEN");
    assertThat(refused.body().at("/error/message").asText())
        .isEqualTo("return_to_carrier is admin-only: forbidden");
    assertThat(current(acme, number).number().version()).isEqualTo(number.number().version());

    String admin = acme.apiKey(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE, Scope.INVENTORY_WRITE);
    assertThat(http.delete(path(number) + "?return_to_carrier=true", admin).status())
        .isEqualTo(200);
    assertError(http.get(path(number), reader), 404, "NOT_FOUND");
    Reply reader403 = http.delete(path(buy(acme)), reader);
    assertError(reader403, 403, "FORBIDDEN");
  }

  @Test
  void search_previews_available_numbers() {
    List<String> stocked = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String n = "+1415555" + NEXT.getAndIncrement();
      app.stock(n);
      stocked.add(n);
    }
    String tollFree = freshTollFree();
    app.stock(tollFree, NumberType.TOLL_FREE, Capabilities.VOICE_AND_SMS, "2.00");

    Reply byArea =
        http.post("/v1/phone-numbers/search", writer, "{\"area_code\": \"415\", \"quantity\": 2}");
    assertThat(byArea.status()).isEqualTo(200);
    assertThat(byArea.body().get("data")).hasSize(2);
    byArea
        .body()
        .get("data")
        .forEach(n -> {
          assertThat(fieldNames(n)).containsExactly("number", "number_type");
          assertThat(n.get("number").asText()).startsWith("+1415");
          assertThat(n.get("number_type").asText()).isEqualTo("local");
        });
    Reply byPattern =
        http.post(
            "/v1/phone-numbers/search",
            writer,
            "{\"pattern\": \"" + stocked.get(2).substring(2) + "\", \"number_type\": \"local\"}");
    assertThat(byPattern.body().get("data"))
        .extracting(n -> n.get("number").asText())
        .containsExactly(stocked.get(2));
    Reply tollFreeOnly =
        http.post(
            "/v1/phone-numbers/search",
            writer,
            "{\"pattern\": \"" + tollFree.substring(2) + "\", \"number_type\": \"toll_free\"}");
    assertThat(tollFreeOnly.body().get("data"))
        .extracting(n -> n.get("number_type").asText())
        .containsExactly("toll_free");

    assertError(
        http.post("/v1/phone-numbers/search", writer, "{\"quantity\": 101}"),
        422,
        "VALIDATION_FAILED");
    assertError(
        http.post("/v1/phone-numbers/search", writer, "{\"region\": \"CA\"}"),
        400,
        "INVALID_INPUT");
    assertError(http.post("/v1/phone-numbers/search", reader, "{}"), 403, "FORBIDDEN");
  }

  @Test
  void an_order_assigns_every_number_with_its_routing() {
    TestApplication.Tenant tenant = app.tenant("orders");
    String key = tenant.apiKey(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE);
    String a = freshLocal();
    String b = freshLocal();
    app.stock(a);
    app.stock(b);
    Reply reply =
        http.post(
            "/v1/phone-numbers/orders",
            key,
            """
            {"numbers": ["%s", "%s"], "inbound_url": "https://hooks.example/in", "label": "Sales"}\
            """
                .formatted(a, b));
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().get("data"))
        .extracting(n -> n.get("number").asText())
        .containsExactly(a, b);
    reply
        .body()
        .get("data")
        .forEach(n -> {
          assertThat(n.get("inbound_url").asText()).isEqualTo("https://hooks.example/in");
          assertThat(n.get("label").asText()).isEqualTo("Sales");
        });
    assertThat(ids(http.get("/v1/phone-numbers", key))).hasSize(2);
  }

  @Test
  void an_order_with_an_unavailable_number_is_409_and_assigns_nothing() {
    TestApplication.Tenant tenant = app.tenant("orders-409");
    String key = tenant.apiKey(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE);
    String available = freshLocal();
    app.stock(available);
    String taken = buy(acme).number().number().value();
    String neverStocked = freshLocal();
    Reply reply =
        http.post(
            "/v1/phone-numbers/orders",
            key,
            "{\"numbers\": [\"%s\", \"%s\", \"%s\"]}".formatted(available, taken, neverStocked));
    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.body().at("/error/code").asText()).isEqualTo("INSUFFICIENT_INVENTORY");
    assertThat(reply.body().at("/error/request_id").asText())
        .isEqualTo(reply.header("X-Request-Id").orElseThrow());
    assertThat(reply.body().at("/data/available_count").asInt()).isEqualTo(1);
    assertThat(reply.body().at("/data/unavailable_numbers"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder(taken, neverStocked);
    assertThat(reply.body().at("/error/details/available_count").asText()).isEqualTo("1");
    assertThat(ids(http.get("/v1/phone-numbers", key))).isEmpty();
    // the available number is still for sale
    assertThat(
            app.useCases()
                .purchasePhoneNumber()
                .purchase(tenant.quickContext(), E164.parse(available))
                .number()
                .number()
                .value())
        .isEqualTo(available);
  }

  @Test
  void an_order_with_an_idempotency_key_is_applied_once() {
    TestApplication.Tenant tenant = app.tenant("orders-idem");
    String key = tenant.apiKey(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE);
    String n = freshLocal();
    app.stock(n);
    String body = "{\"numbers\": [\"" + n + "\"]}";
    Reply first =
        http.send("POST", "/v1/phone-numbers/orders", key, body, "Idempotency-Key", "order-1");
    Reply replay =
        http.send("POST", "/v1/phone-numbers/orders", key, body, "Idempotency-Key", "order-1");
    assertThat(first.status()).isEqualTo(200);
    assertThat(replay.status()).isEqualTo(200);
    assertThat(replay.body()).isEqualTo(first.body());
    assertThat(ids(http.get("/v1/phone-numbers", key))).hasSize(1);
    Reply reused =
        http.send(
            "POST",
            "/v1/phone-numbers/orders",
            key,
            "{\"numbers\": [\"" + freshLocal() + "\"]}",
            "Idempotency-Key",
            "order-1");
    assertError(reused, 422, "IDEMPOTENCY_KEY_REUSED");
    assertThat(ids(http.get("/v1/phone-numbers", key))).hasSize(1);
  }

  @Test
  void a_stale_if_match_is_412_and_changes_nothing() {
    PhoneNumberView number = buy(acme);
    String etag = http.get(path(number), reader).header("ETag").orElseThrow();
    assertThat(http.patch(path(number), writer, "{\"label\": \"first\"}").status()).isEqualTo(200);
    long version = current(acme, number).number().version();
    Reply stale =
        http.send("PATCH", path(number), writer, "{\"label\": \"second\"}", "If-Match", etag);
    assertError(stale, 412, "PRECONDITION_FAILED");
    assertThat(current(acme, number).number().version()).isEqualTo(version);
  }

  @Test
  void malformed_json_is_400_invalid_input() {
    PhoneNumberView number = buy(acme);
    assertError(http.patch(path(number), writer, "{\"label\": "), 400, "INVALID_INPUT");
    assertThat(current(acme, number).number().version()).isEqualTo(number.number().version());
  }
}
