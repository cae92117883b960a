package io.switchboard.bootstrap.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.org.Scope;
import io.switchboard.proto.v1.ListPhoneNumberChangesRequest;
import io.switchboard.proto.v1.ListPhoneNumbersRequest;
import io.switchboard.proto.v1.ListTrunksRequest;
import io.switchboard.proto.v1.PhoneNumberRef;
import io.switchboard.proto.v1.PhoneNumberServiceGrpc;
import io.switchboard.proto.v1.TrunkServiceGrpc;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Case 7, fuzzing half: Jazzer over the request parsers as deployed. Bodies and query strings go
 * through the real HTTP handlers of the three dialects, filters and page tokens through the real
 * gRPC server, E.164 text straight to the parser. Every answer must be a success or a structured
 * 4xx / INVALID_ARGUMENT; a 5xx, an INTERNAL / UNKNOWN, an unexpected exception or an ERROR log
 * line fails.
 *
 * <p>In CI (regression mode) each target replays its seed corpus under {@code
 * src/test/resources/io/switchboard/bootstrap/security/HostileInputFuzzITInputs/<target>/}. To
 * fuzz, one target at a time, for its {@code maxDuration}:
 *
 * <pre>
 * JAZZER_FUZZ=1 ./mvnw -o -pl bootstrap verify -Dit.test='HostileInputFuzzIT#rest_bodies' -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * New crashing inputs are written next to the seeds; keep them as regression seeds once fixed.
 */
class HostileInputFuzzIT {
  private static final Pattern E164_FORM = Pattern.compile("\\+[1-9][0-9]{6,14}");
  private static final Set<Status.Code> ACCEPTED_GRPC =
      Set.of(Status.Code.OK, Status.Code.INVALID_ARGUMENT);

  private static final AtomicLong inputs = new AtomicLong();
  private static final AtomicLong serverErrors = new AtomicLong();

  private static RunningService service;
  private static LogCapture logs;
  private static String key;
  private static String numberId;
  private static String number;
  private static String agentId;
  private static List<String> realTokens;
  private static long protocolRefusalsBefore;

  @BeforeAll
  static void start() {
    protocolRefusalsBefore = HostileAnswers.protocolRefusals.get();
    service = RunningService.start(HostileInputFuzzIT.class);
    logs = LogCapture.attach();
    RunningService.Tenant tenant = service.tenant("fuzz");
    key = tenant.apiKey(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE);
    var bought = tenant.buy("+12085550100");
    tenant.buy("+12085550101");
    numberId = bought.number().id().toString();
    number = bought.number().number().value();
    agentId = "0b7e3c2a-5d4f-4e8a-9c1b-2f6d8e0a4b7c";
    service
        .useCases()
        .upsertAgent()
        .upsert(tenant.context(), new io.switchboard.domain.agent.AgentId(agentId), "Fuzz");
    service.stock("+12085550199");
    // a trunk and some history, so each list has a second page and its token is real
    for (String byo : List.of("+12085550110", "+12085550111")) {
      HttpResponse<String> created =
          service.http(
              "POST",
              "/api/v1/phone-numbers/trunks",
              key,
              "{\"phone_number\":\""
                  + byo
                  + "\",\"channel\":\"call\",\"sip\":{\"gateway\":\"sip.example.com\"}}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }
    for (int i = 1; i <= 3; i++) {
      service.http(
          "PATCH",
          "/api/v1/phone-numbers/" + numberId,
          key,
          "{\"channel_settings\":{\"voice\":{\"channel_limit\":" + i + "}}}");
    }
    var numbers = PhoneNumberServiceGrpc.newBlockingStub(service.channel(key));
    realTokens =
        List.of(
            numbers
                .listPhoneNumbers(ListPhoneNumbersRequest.newBuilder().setPageSize(1).build())
                .getNextPageToken(),
            TrunkServiceGrpc.newBlockingStub(service.channel(key))
                .listTrunks(ListTrunksRequest.newBuilder().setPageSize(1).build())
                .getNextPageToken(),
            numbers
                .listPhoneNumberChanges(
                    ListPhoneNumberChangesRequest.newBuilder()
                        .setPhoneNumber(PhoneNumberRef.newBuilder().setId(numberId))
                        .setPageSize(1)
                        .build())
                .getNextPageToken());
    realTokens.forEach(t -> assertThat(t).isNotEmpty());
  }

  @AfterAll
  static void report() {
    if (service == null) {
      return;
    }
    try {
      List<String> errors = logs.errors();
      System.out.printf(
          "RELIABILITY hostile-input-fuzz: %d inputs, %d 5xx/INTERNAL, %d ERROR log lines "
              + "(%d Jetty protocol refusals)%n",
          inputs.get(),
          serverErrors.get(),
          errors.size(),
          HostileAnswers.protocolRefusals.get() - protocolRefusalsBefore);
      assertThat(serverErrors.get()).isZero();
      assertThat(errors).isEmpty();
    } finally {
      if (logs != null) {
        logs.close();
      }
      if (service != null) {
        service.close();
      }
    }
  }

  /**
   * E.164 text: a canonical number that parses back to itself, or InvalidArgumentException; nothing
   * else.
   */
  @FuzzTest(maxDuration = "60s")
  void e164(FuzzedDataProvider data) {
    inputs.incrementAndGet();
    String text = data.consumeRemainingAsString();
    E164 parsed;
    try {
      parsed = E164.parse(text);
    } catch (InvalidArgumentException expected) {
      return;
    }
    assertThat(parsed.value()).matches(E164_FORM);
    assertThat(E164.parse(parsed.value())).isEqualTo(parsed);
  }

  /** Any bytes as the body of every route that reads one. */
  @FuzzTest(maxDuration = "120s")
  void rest_bodies(FuzzedDataProvider data) {
    inputs.incrementAndGet();
    String[] route = bodyRoutes().get(data.consumeInt(0, bodyRoutes().size() - 1));
    byte[] body = data.consumeRemainingAsBytes();
    HttpResponse<String> response = service.httpBytes(route[0], route[1], key, body);
    HostileAnswers.requireStructured(route[1], response, serverErrors);
  }

  /**
   * Any query parameter values (pages, sizes, cursors, filters) and path ids on the reading routes.
   */
  @FuzzTest(maxDuration = "120s")
  void rest_queries(FuzzedDataProvider data) {
    inputs.incrementAndGet();
    int choice = data.consumeInt(0, QUERY_ROUTES.size() + 2);
    String path;
    if (choice < QUERY_ROUTES.size()) {
      String[] route = QUERY_ROUTES.get(choice);
      StringBuilder query = new StringBuilder(route[0]).append('?');
      for (int i = 1; i < route.length && data.remainingBytes() > 0; i++) {
        if (data.consumeBoolean()) {
          query.append(route[i]).append('=').append(encode(data.consumeString(300))).append('&');
        }
      }
      path = query.toString();
    } else {
      String id = encode(data.consumeRemainingAsString());
      path =
          switch (choice - QUERY_ROUTES.size()) {
            case 0 -> "/api/v1/phone-numbers/" + id;
            case 1 -> "/phone_numbers/" + id;
            default -> "/v1/phone-numbers/" + id;
          };
    }
    HttpResponse<String> response = service.http("GET", path, key, null);
    HostileAnswers.requireStructured(path, response, serverErrors);
  }

  /** ListPhoneNumbers with any filter, order_by, page_size and page_token. */
  @FuzzTest(maxDuration = "120s")
  void grpc_list_query(FuzzedDataProvider data) {
    inputs.incrementAndGet();
    var request =
        ListPhoneNumbersRequest.newBuilder()
            .setPageSize(data.consumeInt())
            .setOrderBy(data.consumeString(40))
            .setPageToken(data.consumeString(200))
            .setFilter(data.consumeRemainingAsString())
            .build();
    requireAccepted(() ->
        PhoneNumberServiceGrpc.newBlockingStub(service.channel(key)).listPhoneNumbers(request));
  }

  /**
   * Real page tokens of the three gRPC lists with some bytes changed, or replaced by arbitrary
   * text.
   */
  @FuzzTest(maxDuration = "120s")
  void grpc_page_tokens(FuzzedDataProvider data) {
    inputs.incrementAndGet();
    int list = data.consumeInt(0, 2);
    String token;
    if (data.consumeBoolean()) {
      // a real token is base64url(payload)~keyId~base64url(mac): edit the payload, keep the
      // signature (issue 13.11)
      String real = realTokens.get(list);
      int signature = real.indexOf('~');
      byte[] raw = Base64.getUrlDecoder().decode(real.substring(0, signature));
      int edits = data.consumeInt(1, 4);
      for (int i = 0; i < edits; i++) {
        raw[data.consumeInt(0, raw.length - 1)] = data.consumeByte();
      }
      token =
          Base64.getUrlEncoder().withoutPadding().encodeToString(raw) + real.substring(signature);
    } else {
      token = data.consumeRemainingAsString();
    }
    int pageSize = data.consumeInt(-5, 2000);
    var numbers = PhoneNumberServiceGrpc.newBlockingStub(service.channel(key));
    requireAccepted(() ->
        switch (list) {
          case 0 ->
              numbers.listPhoneNumbers(
                  ListPhoneNumbersRequest.newBuilder()
                      .setPageToken(token)
                      .setPageSize(pageSize)
                      .build());
          case 1 ->
              TrunkServiceGrpc.newBlockingStub(service.channel(key))
                  .listTrunks(
                      ListTrunksRequest.newBuilder()
                          .setPageToken(token)
                          .setPageSize(pageSize)
                          .build());
          default ->
              numbers.listPhoneNumberChanges(
                  ListPhoneNumberChangesRequest.newBuilder()
                      .setPhoneNumber(PhoneNumberRef.newBuilder().setId(numberId))
                      .setPageToken(token)
                      .setPageSize(pageSize)
                      .build());
        });
  }

  /**
   * Bodies over the documented 1 MiB limit are refused with 413 in the dialect's shape before
   * anything reads them. A declared Content-Length is refused before authentication (so even
   * without a key) and before the body is read: with {@code Expect: 100-continue} the client never
   * even sends it. A chunked body is cut off once it passes the limit while being read. Without
   * 100-continue the server answers while the client is still sending and closes; TCP may then
   * reset the connection before the client has read the 413 (inherent to HTTP/1.1, so such a client
   * sees a reset now and then): those requests are retried and the resets counted, never a 5xx.
   */
  @Test
  void bodies_over_one_mebibyte_get_413_before_they_are_parsed() {
    byte[] big =
        ("{\"label\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
    long slowest = 0;
    int refused = 0;
    int resets = 0;
    for (String[] route : bodyRoutes()) {
      for (String credential : java.util.Arrays.asList(key, null)) {
        Map<String, String> auth =
            credential == null ? Map.of() : Map.of("Authorization", "Bearer " + credential);
        long start = System.nanoTime();
        HttpResponse<String> declared =
            service.send(
                route[0], route[1], auth, HttpRequest.BodyPublishers.ofByteArray(big), true, true);
        slowest = Math.max(slowest, System.nanoTime() - start);
        assertThat(declared.statusCode()).as("%s %s", route[0], route[1]).isEqualTo(413);
        HostileAnswers.requireErrorShape(route[1], 413, declared.body());
        refused++;
      }
      for (boolean chunked : new boolean[] {false, true}) {
        HttpResponse<String> response = null;
        for (int attempt = 0; attempt < 5 && response == null; attempt++) {
          long start = System.nanoTime();
          try {
            response =
                service.send(
                    route[0],
                    route[1],
                    Map.of("Authorization", "Bearer " + key),
                    chunked
                        ? HttpRequest.BodyPublishers.ofInputStream(
                            () -> new ByteArrayInputStream(big))
                        : HttpRequest.BodyPublishers.ofByteArray(big),
                    true,
                    false);
          } catch (java.io.UncheckedIOException reset) {
            resets++;
          }
          slowest = Math.max(slowest, System.nanoTime() - start);
        }
        assertThat(response).as("%s %s never got its 413 through", route[0], route[1]).isNotNull();
        assertThat(response.statusCode())
            .as("%s %s chunked=%s", route[0], route[1], chunked)
            .isEqualTo(413);
        HostileAnswers.requireErrorShape(route[1], 413, response.body());
        refused++;
      }
    }
    System.out.printf(
        "RELIABILITY oversized-bodies: %d bodies of 2 MiB refused with 413 (declared with and without a "
            + "key, 100-continue; declared and chunked, sent at once), slowest %d ms, %d connection resets before the "
            + "413 was read (retried), 0 5xx%n",
        refused, slowest / 1_000_000, resets);
    assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofSeconds(2));
  }

  private static void requireAccepted(java.util.function.Supplier<?> call) {
    try {
      call.get();
    } catch (StatusRuntimeException e) {
      if (!ACCEPTED_GRPC.contains(e.getStatus().getCode())) {
        serverErrors.incrementAndGet();
      }
      assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isIn(ACCEPTED_GRPC);
    }
  }

  private static List<String[]> bodyRoutes() {
    return List.of(
        new String[] {"PATCH", "/api/v1/phone-numbers/" + numberId},
        new String[] {"POST", "/api/v1/phone-numbers"},
        new String[] {"POST", "/api/v1/phone-numbers/trunks"},
        new String[] {"PATCH", "/api/v1/phone-numbers/trunks"},
        new String[] {"PUT", "/api/v1/phone-numbers/trunks/assign"},
        new String[] {"POST", "/api/v1/agents/" + agentId + "/channels/call/provision"},
        new String[] {"POST", "/api/v1/agents/" + agentId + "/channels/sms"},
        new String[] {"PATCH", "/phone_numbers/" + encode(number)},
        new String[] {"PATCH", "/v1/phone-numbers/" + numberId},
        new String[] {"POST", "/v1/phone-numbers/search"},
        new String[] {"POST", "/v1/phone-numbers/orders"});
  }

  private static final List<String[]> QUERY_ROUTES =
      List.of(
          new String[] {
            "/api/v1/phone-numbers",
            "page",
            "per_page",
            "status",
            "country_code",
            "type",
            "compliance",
            "search",
            "bound_to_agent_uuid",
            "sort",
            "include_external"
          },
          new String[] {
            "/api/v1/phone-numbers/search", "country_code", "type", "contains", "area_code", "limit"
          },
          new String[] {"/api/v1/phone-numbers/channels", "number"},
          new String[] {"/api/v1/phone-numbers/trunks", "page", "per_page", "channel"},
          new String[] {"/phone_numbers", "index", "size", "created_after", "created_before"},
          new String[] {
            "/v1/phone-numbers", "limit", "cursor", "number_type", "campaign_id", "search"
          });

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
