package io.switchboard.rest.mindhunters;

import static io.switchboard.rest.mindhunters.MindhuntersServer.JSON;
import static io.switchboard.rest.mindhunters.MindhuntersServer.assertSameShape;
import static io.switchboard.rest.mindhunters.MindhuntersServer.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.domain.number.Capabilities;
import io.switchboard.domain.number.NumberType;
import io.switchboard.domain.org.Scope;
import io.switchboard.persistence.testing.TestApplication;
import io.switchboard.rest.mindhunters.MindhuntersServer.Reply;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Mindhunters dialect over HTTP on loopback, the real use cases and PostgreSQL behind it. */
class MindhuntersIT {
  private static TestApplication app;
  private static MindhuntersServer http;
  private static TestApplication.Tenant acme;
  private static String key;
  private static String readOnlyKey;
  private static final String AGENT = "6f1c2a9e-8d4b-4c1e-9a55-0b7e3c2d1f00";
  private static final String OTHER_AGENT = "7a2d3b0f-9e5c-4d2f-8b66-1c8f4d3e2a11";
  private static final AtomicInteger NEXT = new AtomicInteger(1000);

  @BeforeAll
  static void start() {
    app = TestApplication.start(MindhuntersIT.class);
    http = new MindhuntersServer(app);
    acme = app.tenant("acme");
    key = acme.apiKey(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE);
    readOnlyKey = acme.apiKey(Scope.NUMBERS_READ);
    acme.agent(AGENT, "Sales bot");
    acme.agent(OTHER_AGENT, "Support bot");
  }

  @AfterAll
  static void stop() {
    http.close();
    app.close();
  }

  /** A fresh US number of the test (valid per libphonenumber). */
  private static String nextNumber() {
    return "+1208443" + NEXT.incrementAndGet();
  }

  private static String bought() {
    return acme.buy(nextNumber()).number().id().toString();
  }

  // ---- seed replays
  // -------------------------------------------------------------------------------------------

  @Test
  void seed002_list_replays_with_the_documented_shape() throws Exception {
    String uuid = bought();
    http.call(
        "POST",
        "/api/v1/agents/" + AGENT + "/channels/sms",
        key,
        "{\"phone_number_uuid\":\"" + uuid + "\"}");
    Reply reply = http.get("/api/v1/phone-numbers", key);
    assertThat(reply.status()).isEqualTo(200);
    assertSameShape(JSON.readTree(resource("seed002-response.json")), reply.body(), "$");
    JsonNode item = reply.body().at("/data/items/0");
    assertThat(item.get("type").asText()).isIn("local", "toll_free", "mobile", "national");
    assertThat(item.get("status").asText()).isIn("active", "pending", "inactive");
    assertThat(item.at("/compliance/status").asText()).isIn("completed", "requirement_pending");
    assertThat(item.get("purchased_at").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(reply.body().at("/data/pagination/current_page").asInt()).isEqualTo(1);
    assertThat(reply.body().at("/data/pagination/per_page").asInt()).isEqualTo(25);
  }

  @Test
  void seed000_patch_replays_verbatim_and_with_real_values() throws Exception {
    String uuid = bought();
    String documented = resource("seed000-request.json");
    // the page's placeholder "<string>" is not a country code: refused, naming the field
    Reply verbatim = http.call("PATCH", "/api/v1/phone-numbers/" + uuid, key, documented);
    assertThat(verbatim.status()).isEqualTo(422);
    assertThat(verbatim.code()).isEqualTo("VALIDATION_ERROR");
    assertThat(verbatim.field()).isEqualTo("channel_settings.sms.whitelisted_destinations");

    Reply reply =
        http.call(
            "PATCH", "/api/v1/phone-numbers/" + uuid, key, documented.replace("<string>", "CA"));
    assertThat(reply.status()).isEqualTo(200);
    assertSameShape(JSON.readTree(resource("seed000-response.json")), reply.body(), "$");
    assertThat(reply.body().has("message")).isFalse();
    JsonNode voice = reply.body().at("/data/channel_settings/voice");
    assertThat(voice.get("enabled").asBoolean()).isTrue();
    assertThat(voice.get("channel_limit").asInt()).isEqualTo(123);
    assertThat(voice.get("whitelisted_destinations").toString()).isEqualTo("[\"US\"]");
    assertThat(reply.body().at("/data/channel_settings/sms/whitelisted_destinations").toString())
        .isEqualTo("[\"CA\"]");
    assertThat(reply.body().at("/data/billing/monthly_fee").isNumber()).isTrue();
    assertThat(reply.header("ETag")).isPresent();
  }

  @Test
  void seed001_trunk_patch_replays_verbatim_and_with_real_values() throws Exception {
    String number = "+12345678901";
    Reply created =
        http.call(
            "POST",
            "/api/v1/phone-numbers/trunks",
            key,
            """
            {"phone_number":"%s","agent_uuid":"%s","channel":"call","sip":{"gateway":"sip.acme.com","port":5060,
             "username":"alice","password":"s3cr3t-pw"}}\
            """
                .formatted(number, AGENT));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.raw()).doesNotContain("s3cr3t-pw").doesNotContain("alice");

    String documented = resource("seed001-request.json");
    Reply verbatim = http.call("PATCH", "/api/v1/phone-numbers/trunks", key, documented);
    assertThat(verbatim.status()).isEqualTo(422);
    assertThat(verbatim.field()).isEqualTo("sip.gateway");

    Reply reply =
        http.call(
            "PATCH",
            "/api/v1/phone-numbers/trunks",
            key,
            documented
                .replace("\"name\": \"<string>\"", "\"name\": \"Main line\"")
                .replace("\"gateway\": \"<string>\"", "\"gateway\": \"sip.example.net\"")
                .replace(
                    "\"secondary_gateway\": \"<string>\"",
                    "\"secondary_gateway\": \"sip2.example.net\"")
                .replace("<string>", "hunter2-secret"));
    assertThat(reply.status()).isEqualTo(200);
    assertSameShape(JSON.readTree(resource("seed001-response.json")), reply.body(), "$");
    assertThat(reply.raw())
        .doesNotContain("hunter2-secret")
        .doesNotContain("password")
        .doesNotContain("username");
    JsonNode call = reply.body().at("/data/channels/call");
    assertThat(call.get("bound").asBoolean()).isTrue();
    assertThat(call.get("agent_uuid").asText()).isEqualTo(AGENT);
    assertThat(call.get("agent_name").asText()).isEqualTo("Sales bot");
    assertThat(reply.body().at("/data/source").asText()).isEqualTo("external");
    assertThat(reply.body().at("/data/is_external").asBoolean()).isTrue();
  }

  // ---- auth
  // ------------------------------------------------------------------------------------------------------

  @Test
  void every_endpoint_refuses_missing_and_invalid_tokens() {
    String uuid = UUID.randomUUID().toString();
    List<String[]> endpoints =
        List.of(
            new String[] {"GET", "/api/v1/phone-numbers"},
            new String[] {"POST", "/api/v1/phone-numbers"},
            new String[] {"GET", "/api/v1/phone-numbers/" + uuid},
            new String[] {"PATCH", "/api/v1/phone-numbers/" + uuid},
            new String[] {"GET", "/api/v1/phone-numbers/" + uuid + "/channels"},
            new String[] {"GET", "/api/v1/phone-numbers/channels?number=12084439178"},
            new String[] {"POST", "/api/v1/phone-numbers/" + uuid + "/release"},
            new String[] {"GET", "/api/v1/phone-numbers/search"},
            new String[] {"GET", "/api/v1/phone-numbers/trunks"},
            new String[] {"POST", "/api/v1/phone-numbers/trunks"},
            new String[] {"PATCH", "/api/v1/phone-numbers/trunks"},
            new String[] {"PUT", "/api/v1/phone-numbers/trunks/assign"},
            new String[] {
              "DELETE", "/api/v1/phone-numbers/trunks?phone_number=12345678901&channel=call"
            },
            new String[] {"POST", "/api/v1/agents/" + AGENT + "/channels/call/provision"},
            new String[] {"POST", "/api/v1/agents/" + AGENT + "/channels/sms"},
            new String[] {"DELETE", "/api/v1/agents/" + AGENT + "/channels/sms"});
    for (String[] e : endpoints) {
      Reply missing = http.call(e[0], e[1], null, "{}");
      assertThat(missing.status()).as("%s %s", e[0], e[1]).isEqualTo(401);
      assertThat(missing.code()).isEqualTo("MISSING_AUTH_TOKEN");
      assertThat(missing.body().get("success").asBoolean()).isFalse();
      Reply invalid = http.call(e[0], e[1], "sb_nope_not_a_key", "{}");
      assertThat(invalid.status()).as("%s %s", e[0], e[1]).isEqualTo(401);
      assertThat(invalid.code()).isEqualTo("INVALID_AUTH_TOKEN");
    }
    Reply basic =
        http.call("GET", "/api/v1/phone-numbers", null, null, "Authorization", "Basic abc");
    assertThat(basic.code()).isEqualTo("INVALID_AUTH_TOKEN");
  }

  @Test
  void a_read_only_key_cannot_write() {
    String uuid = bought();
    Reply reply = http.call("PATCH", "/api/v1/phone-numbers/" + uuid, readOnlyKey, "{}");
    assertThat(reply.status()).isEqualTo(403);
    assertThat(reply.code()).isEqualTo("INSUFFICIENT_PERMISSIONS");
  }

  // ---- validation
  // -------------------------------------------------------------------------------------------------

  @Test
  void channel_settings_validation_names_the_field() {
    String path = "/api/v1/phone-numbers/" + bought();
    assertField(
        http.call(
            "PATCH", path, key, "{\"channel_settings\":{\"voice\":{\"channel_limit\":\"5\"}}}"),
        "channel_settings.voice.channel_limit");
    assertField(
        http.call("PATCH", path, key, "{\"channel_settings\":{\"sms\":{\"channel_limit\":-1}}}"),
        "channel_settings.sms.channel_limit");
    assertField(
        http.call("PATCH", path, key, "{\"channel_settings\":{\"inbound\":{\"enabled\":\"yes\"}}}"),
        "channel_settings.inbound.enabled");
    assertField(
        http.call(
            "PATCH",
            path,
            key,
            "{\"channel_settings\":{\"voice\":{\"whitelisted_destinations\":\"US\"}}}"),
        "channel_settings.voice.whitelisted_destinations");
    assertField(
        http.call(
            "PATCH",
            path,
            key,
            "{\"channel_settings\":{\"voice\":{\"whitelisted_destinations\":[\"US\",\"US\"]}}}"),
        "channel_settings.voice.whitelisted_destinations");
    assertField(
        http.call("PATCH", path, key, "{\"channel_settings\":{\"fax\":{}}}"),
        "channel_settings.fax");
    assertField(http.call("PATCH", path, key, "{\"label\":\"x\"}"), "label");
    assertField(http.call("PATCH", "/api/v1/phone-numbers/not-a-uuid", key, "{}"), "uuid");

    Reply malformed = http.call("PATCH", path, key, "{\"channel_settings\":");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.code()).isEqualTo("INVALID_JSON");
  }

  @Test
  void null_leaves_a_setting_as_it_is() {
    String path = "/api/v1/phone-numbers/" + bought();
    http.call("PATCH", path, key, "{\"channel_settings\":{\"voice\":{\"channel_limit\":7}}}");
    Reply reply =
        http.call(
            "PATCH", path, key, "{\"channel_settings\":{\"voice\":{\"channel_limit\":null}}}");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().at("/data/channel_settings/voice/channel_limit").asInt()).isEqualTo(7);
  }

  @Test
  void list_query_validation_names_the_parameter() {
    assertField(http.get("/api/v1/phone-numbers?per_page=101", key), "per_page");
    assertField(http.get("/api/v1/phone-numbers?page=0", key), "page");
    assertField(http.get("/api/v1/phone-numbers?page=abc", key), "page");
    assertField(http.get("/api/v1/phone-numbers?status=released", key), "status");
    assertField(http.get("/api/v1/phone-numbers?type=premium", key), "type");
    assertField(http.get("/api/v1/phone-numbers?compliance=maybe", key), "compliance");
    assertField(http.get("/api/v1/phone-numbers?country_code=XX", key), "country_code");
    assertField(http.get("/api/v1/phone-numbers?sort=price", key), "sort");
    assertField(http.get("/api/v1/phone-numbers?include_external=yes", key), "include_external");
    assertField(
        http.get("/api/v1/phone-numbers?bound_to_agent_uuid=bot-1", key), "bound_to_agent_uuid");
  }

  @Test
  void trunk_validation_names_the_field() {
    String t = "/api/v1/phone-numbers/trunks";
    assertField(http.call("POST", t, key, "{\"channel\":\"call\"}"), "phone_number");
    assertField(
        http.call("POST", t, key, "{\"phone_number\":\"+12345678902\",\"channel\":\"sms\"}"),
        "channel");
    assertField(
        http.call("POST", t, key, "{\"phone_number\":\"12\",\"channel\":\"call\"}"),
        "phone_number");
    assertField(
        http.call(
            "POST",
            t,
            key,
            "{\"phone_number\":\"+12345678902\",\"channel\":\"call\",\"agent_uuid\":\"bot\"}"),
        "agent_uuid");
    assertField(
        http.call(
            "POST",
            t,
            key,
            "{\"phone_number\":\"+12345678902\",\"channel\":\"call\",\"sip\":{\"port\":70000}}"),
        "sip.port");
    assertField(
        http.call(
            "POST",
            t,
            key,
            "{\"phone_number\":\"+12345678902\",\"channel\":\"call\",\"sip\":{\"passwd\":\"x\"}}"),
        "sip.passwd");
    assertField(
        http.call(
            "POST",
            t,
            key,
            "{\"phone_number\":\"+12345678902\",\"channel\":\"call\",\"direction\":\"sideways\"}"),
        "direction");
    assertField(
        http.call(
            "POST",
            t,
            key,
            "{\"phone_number\":\"+12345678902\",\"channel\":\"call\",\"additional_settings\":[]}"),
        "additional_settings");
    assertField(
        http.call(
            "PUT", t + "/assign", key, "{\"phone_number\":\"+12345678902\",\"channel\":\"call\"}"),
        "agent_uuid");
    assertField(http.call("DELETE", t + "?channel=call", key, null), "phone_number");
    assertField(
        http.call(
            "POST", "/api/v1/agents/bot-1/channels/sms", key, "{\"phone_number_uuid\":\"x\"}"),
        "uuid");
    assertField(
        http.call("POST", "/api/v1/agents/" + AGENT + "/channels/sms", key, "{}"),
        "phone_number_uuid");
    assertField(
        http.call(
            "POST",
            "/api/v1/phone-numbers",
            key,
            "{\"number\":\"+12084439999\",\"monthly_fee\":\"1\"}"),
        "monthly_fee");
  }

  // ---- not found, conflicts
  // ---------------------------------------------------------------------------------------

  @Test
  void unknown_resources_are_not_found() {
    String random = UUID.randomUUID().toString();
    assertCode(http.get("/api/v1/phone-numbers/" + random, key), 404, "NOT_FOUND");
    assertCode(http.call("PATCH", "/api/v1/phone-numbers/" + random, key, "{}"), 404, "NOT_FOUND");
    assertCode(http.get("/api/v1/phone-numbers/" + random + "/channels", key), 404, "NOT_FOUND");
    assertCode(
        http.get("/api/v1/phone-numbers/channels?number=%2B12089990000", key), 404, "NOT_FOUND");
    assertCode(
        http.call(
            "PATCH",
            "/api/v1/phone-numbers/trunks",
            key,
            "{\"phone_number\":\"+12345670000\",\"channel\":\"call\"}"),
        404,
        "NOT_FOUND");
    assertCode(
        http.call(
            "DELETE",
            "/api/v1/phone-numbers/trunks?phone_number=12345670000&channel=call",
            key,
            null),
        404,
        "NOT_FOUND");
    assertCode(
        http.call(
            "POST",
            "/api/v1/agents/" + AGENT + "/channels/call/provision",
            key,
            "{\"phone_number_uuid\":\"" + random + "\"}"),
        404,
        "NOT_FOUND");
    assertCode(
        http.call("POST", "/api/v1/phone-numbers", key, "{\"number\":\"+12089990001\"}"),
        404,
        "NOT_FOUND");
    assertCode(http.get("/api/v1/no-such-thing", key), 404, "NOT_FOUND");
    // another organization's number is not found either
    String foreign = app.tenant("other").buy(nextNumber()).number().id().toString();
    assertCode(http.get("/api/v1/phone-numbers/" + foreign, key), 404, "NOT_FOUND");
  }

  @Test
  void conflicts_are_409() {
    String number = "+12345678903";
    String body = "{\"phone_number\":\"" + number + "\",\"channel\":\"whatsapp\"}";
    assertThat(http.call("POST", "/api/v1/phone-numbers/trunks", key, body).status())
        .isEqualTo(201);
    assertCode(
        http.call("POST", "/api/v1/phone-numbers/trunks", key, body), 409, "TRUNK_ALREADY_EXISTS");

    String held = nextNumber();
    acme.buy(held);
    assertThat(
            http.call("POST", "/api/v1/phone-numbers", key, "{\"number\":\"" + held + "\"}")
                .status())
        .isEqualTo(409);
    assertThat(
            http.call(
                    "POST",
                    "/api/v1/phone-numbers/trunks",
                    key,
                    "{\"phone_number\":\"" + held + "\",\"channel\":\"call\"}")
                .status())
        .isEqualTo(409);

    String first = bought();
    String second = bought();
    String agent = UUID.randomUUID().toString();
    acme.agent(agent, "Busy bot");
    String provision = "/api/v1/agents/" + agent + "/channels/call/provision";
    assertThat(
            http.call("POST", provision, key, "{\"phone_number_uuid\":\"" + first + "\"}").status())
        .isEqualTo(200);
    assertCode(
        http.call("POST", provision, key, "{\"phone_number_uuid\":\"" + second + "\"}"),
        409,
        "AGENT_ALREADY_BOUND");
  }

  @Test
  void purchase_cap_answers_the_documented_403() {
    TestApplication.Tenant capped = app.tenant("capped", 1);
    String cappedKey = capped.apiKey();
    String a = nextNumber();
    String b = nextNumber();
    app.stock(a);
    app.stock(b);
    Reply first =
        http.call(
            "POST",
            "/api/v1/phone-numbers",
            cappedKey,
            "{\"number\":\"" + a + "\",\"type\":\"local\"}");
    assertThat(first.status()).isEqualTo(201);
    assertThat(first.body().at("/data/source").asText()).isEqualTo("purchased");
    assertThat(first.body().at("/data/location").isTextual()).isTrue();
    Reply second =
        http.call("POST", "/api/v1/phone-numbers", cappedKey, "{\"number\":\"" + b + "\"}");
    assertThat(second.status()).isEqualTo(403);
    assertThat(second.body().at("/data/error").asText()).isEqualTo("purchase_limit_reached");
    assertThat(second.body().at("/data/limit").asInt()).isEqualTo(1);
    assertThat(second.body().at("/data/current").asInt()).isEqualTo(1);
  }

  // ---- idempotency, etags
  // -------------------------------------------------------------------------------------------

  @Test
  void patch_with_an_idempotency_key_applies_once() {
    String path = "/api/v1/phone-numbers/" + bought();
    String body = "{\"channel_settings\":{\"voice\":{\"channel_limit\":3}}}";
    Reply first = http.call("PATCH", path, key, body, "Idempotency-Key", "patch-once-1");
    Reply replay =
        http.call("PATCH", path, key, body.replace(":", " : "), "Idempotency-Key", "patch-once-1");
    assertThat(replay.status()).isEqualTo(first.status()).isEqualTo(200);
    assertThat(replay.body()).isEqualTo(first.body());
    assertThat(replay.header("ETag")).isEqualTo(first.header("ETag"));
    assertThat(http.get(path, key).header("ETag")).isEqualTo(first.header("ETag"));

    Reply reused =
        http.call("PATCH", path, key, body.replace("3", "4"), "Idempotency-Key", "patch-once-1");
    assertCode(reused, 422, "IDEMPOTENCY_KEY_REUSED");
  }

  @Test
  void buy_with_an_idempotency_key_buys_once() {
    String number = nextNumber();
    app.stock(number);
    String body = "{\"number\":\"" + number + "\"}";
    Reply first =
        http.call("POST", "/api/v1/phone-numbers", key, body, "Idempotency-Key", "buy-" + number);
    Reply replay =
        http.call("POST", "/api/v1/phone-numbers", key, body, "Idempotency-Key", "buy-" + number);
    assertThat(first.status()).isEqualTo(201);
    assertThat(replay.status()).isEqualTo(201);
    assertThat(replay.body()).isEqualTo(first.body());
    Reply other =
        http.call(
            "POST",
            "/api/v1/phone-numbers",
            key,
            "{\"number\":\"" + nextNumber() + "\"}",
            "Idempotency-Key",
            "buy-" + number);
    assertCode(other, 422, "IDEMPOTENCY_KEY_REUSED");
  }

  @Test
  void trunk_create_with_an_idempotency_key_creates_once() {
    String body = "{\"phone_number\":\"+12345678904\",\"channel\":\"call\"}";
    Reply first =
        http.call("POST", "/api/v1/phone-numbers/trunks", key, body, "Idempotency-Key", "trunk-4");
    Reply replay =
        http.call("POST", "/api/v1/phone-numbers/trunks", key, body, "Idempotency-Key", "trunk-4");
    assertThat(first.status()).isEqualTo(201);
    assertThat(replay.body()).isEqualTo(first.body());
  }

  @Test
  void stale_if_match_is_412() {
    String uuid = bought();
    String path = "/api/v1/phone-numbers/" + uuid;
    String etag = http.get(path, key).header("ETag").orElseThrow();
    Reply fresh =
        http.call(
            "PATCH",
            path,
            key,
            "{\"channel_settings\":{\"voice\":{\"channel_limit\":2}}}",
            "If-Match",
            etag);
    assertThat(fresh.status()).isEqualTo(200);
    assertThat(fresh.header("ETag")).isNotEqualTo(etag);
    assertCode(
        http.call(
            "PATCH",
            path,
            key,
            "{\"channel_settings\":{\"voice\":{\"channel_limit\":1}}}",
            "If-Match",
            etag),
        412,
        "PRECONDITION_FAILED");
    assertCode(
        http.call("POST", path + "/release", key, null, "If-Match", etag),
        412,
        "PRECONDITION_FAILED");
    assertCode(
        http.call(
            "PATCH",
            "/api/v1/phone-numbers/trunks",
            key,
            "{\"phone_number\":\"+12345678901\",\"channel\":\"call\",\"name\":\"x\"}",
            "If-Match",
            "\"999\""),
        412,
        "PRECONDITION_FAILED");
  }

  // ---- the rest of the endpoints
  // -----------------------------------------------------------------------------------

  @Test
  void release_then_the_number_is_gone() {
    String uuid = bought();
    Reply released = http.call("POST", "/api/v1/phone-numbers/" + uuid + "/release", key, null);
    assertThat(released.status()).isEqualTo(200);
    assertThat(released.body().at("/data/status").asText()).isEqualTo("released");
    assertCode(http.get("/api/v1/phone-numbers/" + uuid, key), 404, "NOT_FOUND");
  }

  @Test
  void snapshots_by_id_and_by_number_with_or_without_plus() {
    String number = nextNumber();
    String uuid = acme.buy(number).number().id().toString();
    Reply byId = http.get("/api/v1/phone-numbers/" + uuid + "/channels", key);
    assertSameShape(snapshotShape(), byId.body(), "$");
    Reply withPlus =
        http.get("/api/v1/phone-numbers/channels?number=%2B" + number.substring(1), key);
    Reply withoutPlus =
        http.get("/api/v1/phone-numbers/channels?number=" + number.substring(1), key);
    assertThat(withPlus.body()).isEqualTo(byId.body());
    assertThat(withoutPlus.body()).isEqualTo(byId.body());
    assertThat(byId.body().at("/data/channels/call/capable").asBoolean()).isTrue();
  }

  @Test
  void agent_channels_provision_assign_and_unbind() {
    String agent = UUID.randomUUID().toString();
    acme.agent(agent, "Fresh bot");
    String a = bought();
    String b = bought();
    Reply call =
        http.call(
            "POST",
            "/api/v1/agents/" + agent + "/channels/call/provision",
            key,
            "{\"phone_number_uuid\":\"" + a + "\"}");
    assertThat(call.status()).isEqualTo(200);
    assertThat(call.body().at("/data/agent/phone_number/channels/call/agent_uuid").asText())
        .isEqualTo(agent);
    // SMS assignment replaces the agent's previous SMS number
    http.call(
        "POST",
        "/api/v1/agents/" + agent + "/channels/sms",
        key,
        "{\"phone_number_uuid\":\"" + a + "\"}");
    Reply moved =
        http.call(
            "POST",
            "/api/v1/agents/" + agent + "/channels/sms",
            key,
            "{\"phone_number_uuid\":\"" + b + "\"}");
    assertThat(moved.status()).isEqualTo(200);
    assertThat(
            http.get("/api/v1/phone-numbers/" + a, key)
                .body()
                .at("/data/bindings/sms/bound")
                .asBoolean())
        .isFalse();
    Reply unbound = http.call("DELETE", "/api/v1/agents/" + agent + "/channels/call", key, null);
    assertThat(unbound.status()).isEqualTo(200);
    assertThat(unbound.body().at("/data/unbound_phone_number_uuids/0").asText()).isEqualTo(a);
    assertCode(
        http.call("DELETE", "/api/v1/agents/" + agent + "/channels/call", key, null),
        404,
        "NOT_FOUND");
  }

  @Test
  void trunk_assign_list_and_delete() {
    String number = "+12345678905";
    String day = UUID.randomUUID().toString();
    acme.agent(day, "Day bot");
    assertThat(
            http.call(
                    "POST",
                    "/api/v1/phone-numbers/trunks",
                    key,
                    "{\"phone_number\":\""
                        + number
                        + "\",\"channel\":\"call\",\"agent_uuid\":\""
                        + day
                        + "\"}")
                .status())
        .isEqualTo(201);
    String other = UUID.randomUUID().toString();
    acme.agent(other, "Night bot");
    Reply assigned =
        http.call(
            "PUT",
            "/api/v1/phone-numbers/trunks/assign",
            key,
            "{\"phone_number\":\""
                + number
                + "\",\"channel\":\"call\",\"agent_uuid\":\""
                + other
                + "\"}");
    assertThat(assigned.status()).isEqualTo(200);
    assertThat(assigned.body().at("/data/channels/call/agent_uuid").asText()).isEqualTo(other);

    Reply list = http.get("/api/v1/phone-numbers/trunks?per_page=100", key);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body().at("/data/items").findValuesAsText("number")).contains(number);
    list.body()
        .at("/data/items")
        .forEach(item -> assertThat(item.get("source").asText()).isEqualTo("external"));

    Reply deleted =
        http.call(
            "DELETE",
            "/api/v1/phone-numbers/trunks?phone_number=" + number.substring(1) + "&channel=call",
            key,
            null);
    assertThat(deleted.status()).isEqualTo(200);
    assertCode(
        http.get("/api/v1/phone-numbers/channels?number=" + number.substring(1), key),
        404,
        "NOT_FOUND");
  }

  @Test
  void inventory_search_offers_what_can_be_bought() {
    app.stock("+12085550123", NumberType.TOLL_FREE, Capabilities.VOICE_ONLY, "2.25");
    Reply reply = http.get("/api/v1/phone-numbers/search?pattern=2085550123", key);
    assertThat(reply.status()).isEqualTo(200);
    JsonNode offer = reply.body().at("/data/items/0");
    assertThat(offer.get("number").asText()).isEqualTo("+12085550123");
    assertThat(offer.get("monthly_fee").decimalValue()).isEqualByComparingTo("2.25");
    assertField(http.get("/api/v1/phone-numbers/search?pattern=abc", key), "pattern");
  }

  private static JsonNode snapshotShape() {
    try {
      return JSON.readTree(resource("seed001-response.json"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void assertField(Reply reply, String field) {
    assertThat(reply.status()).as(reply.raw()).isEqualTo(422);
    assertThat(reply.code()).isEqualTo("VALIDATION_ERROR");
    assertThat(reply.field()).as(reply.raw()).isEqualTo(field);
  }

  private static void assertCode(Reply reply, int status, String code) {
    assertThat(reply.status()).as(reply.raw()).isEqualTo(status);
    assertThat(reply.code()).as(reply.raw()).isEqualTo(code);
    assertThat(reply.raw()).doesNotContain("Exception").doesNotContain("at io.");
  }
}
