package io.switchboard.bootstrap.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.org.Scope;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Case 7, property half for REST: thousands of malformed requests generated from valid ones (wrong
 * types, huge strings, unknown fields, bad numbers, bad URLs, missing fields, negative or huge page
 * sizes, tampered cursors) against the real HTTP server. Every answer is a success or a 4xx in the
 * owning dialect's error shape; none is a 5xx, and the service logs no ERROR line.
 */
class MalformedRestRequestsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private static final AtomicLong requests = new AtomicLong();
  private static final AtomicLong refused = new AtomicLong();
  private static final AtomicLong serverErrors = new AtomicLong();

  private static RunningService service;
  private static LogCapture logs;
  private static String key;
  private static List<Route> routes;
  private static String realCursor;
  private static long protocolRefusalsBefore;

  /**
   * A route and a valid body for it; mutations start from the valid body so they reach deep into
   * the parsers.
   */
  record Route(String method, String path, String validBody) {}

  @BeforeContainer
  static void start() throws Exception {
    protocolRefusalsBefore = HostileAnswers.protocolRefusals.get();
    service = RunningService.start(MalformedRestRequestsIT.class);
    logs = LogCapture.attach();
    RunningService.Tenant tenant = service.tenant("malformed-rest");
    key = tenant.apiKey(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE);
    String id = tenant.buy("+12085550200").number().id().toString();
    tenant.buy("+12085550201");
    tenant.buy("+12085550202");
    service
        .useCases()
        .upsertAgent()
        .upsert(tenant.context(), new AgentId("6a0e2b4c-8d1f-4c3a-9e7b-5f2d0c8a1e3b"), "Rest");
    service.stock("+12085550299");
    HttpResponse<String> trunk =
        service.http(
            "POST",
            "/api/v1/phone-numbers/trunks",
            key,
            "{\"phone_number\":\"+12085550210\",\"channel\":\"call\",\"sip\":{\"gateway\":\"sip.example.com\"}}");
    assertThat(trunk.statusCode()).as(trunk.body()).isEqualTo(201);
    JsonNode page =
        JSON.readTree(service.http("GET", "/v1/phone-numbers?limit=1", key, null).body());
    realCursor = page.path("meta").path("next_cursor").asText();
    assertThat(realCursor).isNotEmpty();
    routes =
        List.of(
            new Route(
                "PATCH",
                "/api/v1/phone-numbers/" + id,
                "{\"channel_settings\":{\"voice\":{\"enabled\":true,"
                    + "\"channel_limit\":5,\"whitelisted_destinations\":[\"US\"]},\"sms\":{\"enabled\":false},"
                    + "\"inbound\":{\"enabled\":true,\"channel_limit\":2}}}"),
            new Route(
                "POST",
                "/api/v1/phone-numbers",
                "{\"number\":\"+12085550299\",\"country_code\":\"US\","
                    + "\"type\":\"local\",\"monthly_fee\":1.5,\"capabilities\":{\"voice\":true,\"sms\":true},"
                    + "\"location\":\"Boise\",\"address\":{\"first_name\":\"A\",\"country_code\":\"US\"},"
                    + "\"requirements\":[{\"key\":\"k\",\"requirement_id\":\"6f1c3a52-0d0e-4a51-9a86-4d1c1b0d7a11\","
                    + "\"value\":\"v\"}]}"),
            new Route(
                "POST",
                "/api/v1/phone-numbers/trunks",
                "{\"phone_number\":\"+12085550211\",\"channel\":\"call\","
                    + "\"name\":\"t\",\"direction\":\"both\",\"agent_uuid\":\"6a0e2b4c-8d1f-4c3a-9e7b-5f2d0c8a1e3b\",\"sip\":{\"gateway\":\"sip.example.com\","
                    + "\"port\":5060,\"username\":\"u\",\"password\":\"p\",\"secondary_gateway\":\"sip2.example.com\"},"
                    + "\"additional_settings\":{\"codec\":\"opus\"}}"),
            new Route(
                "PATCH",
                "/api/v1/phone-numbers/trunks",
                "{\"phone_number\":\"+12085550210\",\"channel\":\"call\","
                    + "\"name\":\"renamed\",\"direction\":\"inbound\",\"sip\":{\"port\":5061,\"password\":\"q\"},"
                    + "\"additional_settings\":{}}"),
            new Route(
                "PUT",
                "/api/v1/phone-numbers/trunks/assign",
                "{\"phone_number\":\"+12085550210\","
                    + "\"channel\":\"call\",\"agent_uuid\":\"6a0e2b4c-8d1f-4c3a-9e7b-5f2d0c8a1e3b\",\"force\":true}"),
            new Route(
                "POST",
                "/api/v1/agents/6a0e2b4c-8d1f-4c3a-9e7b-5f2d0c8a1e3b/channels/call/provision",
                "{\"phone_number_uuid\":\"" + id + "\"}"),
            new Route(
                "POST",
                "/api/v1/agents/6a0e2b4c-8d1f-4c3a-9e7b-5f2d0c8a1e3b/channels/sms",
                "{\"phone_number_uuid\":\"" + id + "\"}"),
            new Route(
                "PATCH",
                "/phone_numbers/%2B12085550201",
                "{\"inbound_agent_id\":\"6a0e2b4c-8d1f-4c3a-9e7b-5f2d0c8a1e3b\",\"webhooks\":"
                    + "[{\"events\":[\"phone_call:connection_requested\"],\"url\":\"https://hooks.example/a\","
                    + "\"method\":\"POST\",\"headers\":{\"x\":\"y\"},\"filter\":\"\"}]}"),
            new Route(
                "PATCH",
                "/v1/phone-numbers/" + id,
                "{\"inbound_url\":\"https://customer.example/in\","
                    + "\"status_url\":\"https://customer.example/status\",\"label\":\"Desk\","
                    + "\"campaign_id\":\"6f1c3a52-0d0e-4a51-9a86-4d1c1b0d7a11\"}"),
            new Route(
                "POST",
                "/v1/phone-numbers/search",
                "{\"number_type\":\"local\",\"quantity\":5,"
                    + "\"pattern\":\"555\",\"area_code\":\"208\"}"),
            new Route(
                "POST",
                "/v1/phone-numbers/orders",
                "{\"numbers\":[\"+12085550298\"],"
                    + "\"inbound_url\":\"https://customer.example/in\"}"));
  }

  @AfterContainer
  static void report() {
    if (service == null) {
      return;
    }
    try {
      List<String> errors = logs.errors();
      System.out.printf(
          "RELIABILITY hostile-input-rest: %d requests (%d refused with a 4xx, %d of them by Jetty "
              + "before routing), %d 5xx, %d ERROR log lines%n",
          requests.get(),
          refused.get(),
          HostileAnswers.protocolRefusals.get() - protocolRefusalsBefore,
          serverErrors.get(),
          errors.size());
      assertThat(serverErrors.get()).isZero();
      assertThat(errors).isEmpty();
      assertThat(requests.get()).isGreaterThanOrEqualTo(3000);
    } finally {
      if (logs != null) {
        logs.close();
      }
      if (service != null) {
        service.close();
      }
    }
  }

  @Property(tries = 2000, shrinking = ShrinkingMode.OFF)
  void malformed_bodies_get_a_structured_4xx(
      @ForAll("routes") Route route, @ForAll("mutations") List<Mutation> edits) throws Exception {
    JsonNode body = JSON.readTree(route.validBody());
    for (Mutation edit : edits) {
      body = edit.apply(body);
    }
    check(route.method(), route.path(), JSON.writeValueAsString(body));
  }

  @Property(tries = 1200, shrinking = ShrinkingMode.OFF)
  void malformed_queries_get_a_structured_4xx(@ForAll("queries") String pathAndQuery) {
    check("GET", pathAndQuery, null);
  }

  private static void check(String method, String path, String body) {
    requests.incrementAndGet();
    HttpResponse<String> response = service.http(method, path, key, body);
    if (response.statusCode() >= 400 && response.statusCode() < 500) {
      refused.incrementAndGet();
    }
    HostileAnswers.requireStructured(path, response, serverErrors);
  }

  @Provide
  Arbitrary<Route> routes() {
    return Arbitraries.of(routes);
  }

  /**
   * One to three edits: a field set to a hostile value, removed, or added; or the body replaced by
   * a non-object.
   */
  @Provide
  Arbitrary<List<Mutation>> mutations() {
    Arbitrary<Mutation> setField =
        Combinators.combine(Arbitraries.integers().between(0, 1000), hostileValues())
            .as((pick, value) -> (Mutation) root -> setAt(root, pick, value));
    Arbitrary<Mutation> removeField =
        Arbitraries.integers()
            .between(0, 1000)
            .map(pick -> (Mutation) root -> removeAt(root, pick));
    Arbitrary<Mutation> unknownField =
        Combinators.combine(Arbitraries.strings().ofMinLength(1).ofMaxLength(20), hostileValues())
            .as((name, value) ->
                (Mutation)
                    root -> {
                      if (root instanceof ObjectNode object) {
                        object.set(name, value);
                      }
                      return root;
                    });
    Arbitrary<Mutation> replaceRoot = hostileValues().map(value -> (Mutation) root -> value);
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, setField), net.jqwik.api.Tuple.of(2, removeField),
            net.jqwik.api.Tuple.of(2, unknownField), net.jqwik.api.Tuple.of(1, replaceRoot))
        .list()
        .ofMinSize(1)
        .ofMaxSize(3);
  }

  /**
   * Values of every JSON type that the fields do not expect, or expect but not like this. Three of
   * the largest strings stay under the 1 MiB body limit: bodies over it are the 413 test's
   * business.
   */
  static Arbitrary<JsonNode> hostileValues() {
    Arbitrary<JsonNode> strings =
        Arbitraries.of(
                "",
                " ",
                "\u0000",
                "null",
                "true",
                "-1",
                "1e999",
                "NaN",
                "javascript:alert(1)",
                "http://",
                "https://",
                "ftp://example.com/x",
                "https://exa mple.com/",
                "https://example.com:99999/",
                "//example.com",
                "https://" + "a".repeat(3000) + ".example",
                "+1208",
                "+99999999999999999",
                "not-a-uuid",
                "00000000-0000-0000-0000-000000000000",
                "' OR 1=1 --",
                "%s%n%x",
                "../../etc/passwd",
                "\uD83D\uDE00",
                "\uD800",
                "ÿ",
                "<script>",
                "US,CA",
                "local; drop table")
            .map(NODES::textNode);
    Arbitrary<JsonNode> hugeStrings =
        Arbitraries.of(300, 70_000, 340_000).map(n -> NODES.textNode("x".repeat(n)));
    Arbitrary<JsonNode> anyStrings = Arbitraries.strings().ofMaxLength(40).map(NODES::textNode);
    Arbitrary<JsonNode> numbers =
        Arbitraries.of(
                new BigDecimal("-1"),
                BigDecimal.ZERO,
                new BigDecimal("0.5"),
                new BigDecimal("2147483648"),
                new BigDecimal("-2147483649"),
                new BigDecimal("9223372036854775808"),
                new BigDecimal("1e400"),
                new BigDecimal("-1e-400"),
                new BigDecimal("123456789012345678901234567890.123456789"))
            .map(NODES::numberNode);
    Arbitrary<JsonNode> integers =
        Arbitraries.bigIntegers()
            .between(BigInteger.valueOf(-1).shiftLeft(70), BigInteger.ONE.shiftLeft(70))
            .map(NODES::numberNode);
    Arbitrary<JsonNode> others =
        Arbitraries.of(
            NODES.nullNode(),
            NODES.booleanNode(true),
            NODES.booleanNode(false),
            NODES.arrayNode(),
            NODES.objectNode(),
            NODES.arrayNode().add(1).add("x").addNull(),
            NODES.objectNode().put("unexpected", 1),
            deeplyNested(200));
    return Arbitraries.oneOf(strings, hugeStrings, anyStrings, numbers, integers, others);
  }

  private static JsonNode deeplyNested(int depth) {
    JsonNode node = NODES.textNode("bottom");
    for (int i = 0; i < depth; i++) {
      node = NODES.arrayNode().add(node);
    }
    return node;
  }

  @Provide
  Arbitrary<String> queries() {
    Arbitrary<String> numbers =
        Arbitraries.oneOf(
            Arbitraries.integers().map(String::valueOf),
            Arbitraries.longs().map(String::valueOf),
            Arbitraries.of(
                "0",
                "-1",
                "-0",
                "1e3",
                "0x10",
                "1.5",
                "99999999999999999999999",
                "",
                " ",
                "NaN",
                "abc"));
    Arbitrary<String> words =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(30),
            Arbitraries.of(
                "active",
                "ACTIVE",
                "local",
                "toll_free",
                "short_code",
                "call",
                "fax",
                "true",
                "2",
                "a\u0000b",
                "+12085550200",
                "2024-02-30T00:00:00Z",
                "not-a-date",
                "x".repeat(5000)));
    Arbitrary<String> cursors =
        Arbitraries.oneOf(
            Arbitraries.integers()
                .between(0, realCursor.length() - 1)
                .flatMap(i ->
                    Arbitraries.chars()
                        .map(c -> realCursor.substring(0, i) + c + realCursor.substring(i + 1))),
            Arbitraries.strings().ofMaxLength(60),
            Arbitraries.of(
                Base64.getEncoder()
                    .encodeToString("{\"created_at\":\"yesterday\",\"id\":1}".getBytes()),
                Base64.getEncoder()
                    .encodeToString("{\"created_at\":\"2024-01-01T00:00:00Z\"}".getBytes()),
                Base64.getEncoder().encodeToString("[]".getBytes()),
                realCursor + "AAAA",
                "%%%%"));
    Arbitrary<String> mindhuntersList =
        Combinators.combine(numbers, numbers, words, words)
            .as((page, perPage, status, sort) ->
                "/api/v1/phone-numbers?page="
                    + enc(page)
                    + "&per_page="
                    + enc(perPage)
                    + "&status="
                    + enc(status)
                    + "&sort="
                    + enc(sort));
    Arbitrary<String> mindhuntersFilters =
        Combinators.combine(words, words, words, words)
            .as((country, type, agent, external) ->
                "/api/v1/phone-numbers?country_code="
                    + enc(country)
                    + "&type="
                    + enc(type)
                    + "&bound_to_agent_uuid="
                    + enc(agent)
                    + "&include_external="
                    + enc(external));
    Arbitrary<String> mindhuntersSearch =
        Combinators.combine(words, words, words, numbers)
            .as((country, contains, area, limit) ->
                "/api/v1/phone-numbers/search?country_code="
                    + enc(country)
                    + "&contains="
                    + enc(contains)
                    + "&area_code="
                    + enc(area)
                    + "&limit="
                    + enc(limit));
    Arbitrary<String> mindhuntersTrunks =
        Combinators.combine(numbers, numbers, words)
            .as((page, perPage, channel) ->
                "/api/v1/phone-numbers/trunks?page="
                    + enc(page)
                    + "&per_page="
                    + enc(perPage)
                    + "&channel="
                    + enc(channel));
    Arbitrary<String> snapshots = words.map(n -> "/api/v1/phone-numbers/channels?number=" + enc(n));
    Arbitrary<String> voiceOs =
        Combinators.combine(numbers, numbers, words)
            .as((index, size, after) ->
                "/phone_numbers?index="
                    + enc(index)
                    + "&size="
                    + enc(size)
                    + "&created_after="
                    + enc(after));
    Arbitrary<String> agentMessage =
        Combinators.combine(numbers, cursors, words, words, words)
            .as((limit, cursor, type, campaign, search) ->
                "/v1/phone-numbers?limit="
                    + enc(limit)
                    + "&cursor="
                    + enc(cursor)
                    + "&number_type="
                    + enc(type)
                    + "&campaign_id="
                    + enc(campaign)
                    + "&search="
                    + enc(search));
    Arbitrary<String> ids =
        words
            .map(HostileInputFuzzIT::encode)
            .flatMap(id ->
                Arbitraries.of(
                    "/api/v1/phone-numbers/" + id,
                    "/api/v1/phone-numbers/" + id + "/channels",
                    "/phone_numbers/" + id,
                    "/v1/phone-numbers/" + id));
    return Arbitraries.oneOf(
        mindhuntersList,
        mindhuntersFilters,
        mindhuntersSearch,
        mindhuntersTrunks,
        snapshots,
        voiceOs,
        agentMessage,
        ids);
  }

  private static String enc(String value) {
    return HostileInputFuzzIT.encode(value);
  }

  /** An edit of a request body. */
  interface Mutation {
    JsonNode apply(JsonNode root);
  }

  /** Sets the {@code pick}-th field (depth first, modulo the count) to {@code value}. */
  private static JsonNode setAt(JsonNode root, int pick, JsonNode value) {
    List<Slot> slots = slots(root);
    if (slots.isEmpty()) {
      return root;
    }
    Slot slot = slots.get(pick % slots.size());
    if (slot.parent() instanceof ObjectNode object) {
      object.set(slot.name(), value.deepCopy());
    } else if (slot.parent() instanceof ArrayNode array) {
      array.set(slot.index(), value.deepCopy());
    }
    return root;
  }

  private static JsonNode removeAt(JsonNode root, int pick) {
    List<Slot> slots = slots(root);
    if (slots.isEmpty()) {
      return root;
    }
    Slot slot = slots.get(pick % slots.size());
    if (slot.parent() instanceof ObjectNode object) {
      object.remove(slot.name());
    } else if (slot.parent() instanceof ArrayNode array) {
      array.remove(slot.index());
    }
    return root;
  }

  private record Slot(JsonNode parent, String name, int index) {}

  private static List<Slot> slots(JsonNode root) {
    List<Slot> slots = new ArrayList<>();
    collect(root, slots);
    return slots;
  }

  private static void collect(JsonNode node, List<Slot> slots) {
    if (node instanceof ObjectNode object) {
      for (String name : object.properties().stream().map(java.util.Map.Entry::getKey).toList()) {
        slots.add(new Slot(object, name, -1));
        collect(object.get(name), slots);
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        slots.add(new Slot(array, null, i));
        collect(array.get(i), slots);
      }
    }
  }
}
