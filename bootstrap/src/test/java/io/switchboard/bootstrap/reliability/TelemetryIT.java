package io.switchboard.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.switchboard.bootstrap.Config;
import io.switchboard.proto.v1.ChangeEvent;
import io.switchboard.proto.v1.Channel;
import io.switchboard.proto.v1.GetPhoneNumberRequest;
import io.switchboard.proto.v1.PhoneNumber;
import io.switchboard.proto.v1.PhoneNumberServiceGrpc;
import io.switchboard.proto.v1.ResolveInboundRequest;
import io.switchboard.proto.v1.RoutingServiceGrpc;
import io.switchboard.proto.v1.WatchChangesRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;

/**
 * Issue 15 items 5 to 8 against the whole service: traces exported over OTLP/HTTP to a loopback
 * receiver that decodes them with the OpenTelemetry protobuf definitions (W3C traceparent in and
 * out on both doors, database child spans), the access log, the HTTP metrics by dialect, route
 * template, method and status, and the service metrics.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TelemetryIT {
  private static final Duration WAIT =
      Duration.ofSeconds(Long.getLong("switchboard.test.telemetryWaitSeconds", 30));
  private static final String SERVICE_NAME = "switchboard-telemetry-it";
  private static final int RATE_PER_SECOND = 40;
  private static final Metadata.Key<String> TRACEPARENT =
      Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> REQUEST_ID =
      Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);

  private static OtlpReceiver receiver;
  private static ServiceUnderTest service;
  private static AccessLines accessLines;

  @BeforeAll
  static void start() throws Exception {
    receiver = new OtlpReceiver();
    accessLines = AccessLines.attach();
    service =
        ServiceUnderTest.start(
            TelemetryIT.class,
            Map.of(
                Config.OTEL_EXPORTER_OTLP_ENDPOINT,
                receiver.endpoint(),
                "OTEL_SERVICE_NAME",
                SERVICE_NAME,
                "OTEL_BSP_SCHEDULE_DELAY",
                "100",
                Config.RATE_LIMIT_PER_SECOND,
                Integer.toString(RATE_PER_SECOND),
                // the test's key holds internal scopes, whose rate class has no limit unless set
                Config.INTERNAL_RATE_LIMIT_PER_SECOND,
                Integer.toString(RATE_PER_SECOND)));
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    if (receiver != null) {
      receiver.close();
    }
    if (accessLines != null) {
      accessLines.close();
    }
  }

  @Test
  @Order(1)
  void a_grpc_call_continues_the_callers_trace_answers_traceparent_and_has_database_child_spans() {
    PhoneNumber number = service.buyNumber();
    String traceId = randomHex(16);
    String parentId = randomHex(8);
    String requestId = "telemetry-grpc-" + UUID.randomUUID();
    Metadata sent = new Metadata();
    sent.put(TRACEPARENT, "00-" + traceId + "-" + parentId + "-01");
    sent.put(REQUEST_ID, requestId);
    AtomicReference<Metadata> answeredHeaders = new AtomicReference<>();
    AtomicReference<Metadata> answeredTrailers = new AtomicReference<>();

    PhoneNumber read =
        PhoneNumberServiceGrpc.newBlockingStub(service.channel())
            .withInterceptors(
                MetadataUtils.newAttachHeadersInterceptor(sent),
                MetadataUtils.newCaptureMetadataInterceptor(answeredHeaders, answeredTrailers))
            .getPhoneNumber(
                GetPhoneNumberRequest.newBuilder()
                    .setPhoneNumber(
                        io.switchboard.proto.v1.PhoneNumberRef.newBuilder().setId(number.getId()))
                    .build());

    assertThat(read.getId()).isEqualTo(number.getId());
    String answered = answeredHeaders.get().get(TRACEPARENT);
    assertThat(answered)
        .as("traceparent answered in the response headers")
        .matches("00-" + traceId + "-[0-9a-f]{16}-0[0-9a-f]");
    String serverSpanId = answered.split("-")[2];

    OtlpReceiver.Received server =
        awaitSpan(traceId, "switchboard.v1.PhoneNumberService/GetPhoneNumber");
    assertThat(server.service()).isEqualTo(SERVICE_NAME);
    assertThat(server.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
    assertThat(server.parentSpanId()).isEqualTo(parentId);
    assertThat(server.spanId()).isEqualTo(serverSpanId);
    assertThat(server.attribute("rpc.system")).hasValue("grpc");
    assertThat(server.attribute("rpc.grpc.status_code")).hasValue("0");
    List<OtlpReceiver.Received> database = awaitChildren(traceId, serverSpanId);
    assertThat(database)
        .allSatisfy(child -> {
          assertThat(child.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
          assertThat(child.attribute("db.system.name")).hasValue("postgresql");
          assertThat(child.attribute("db.query.text"))
              .get()
              .asString()
              .doesNotContain(number.getNumber().substring(1));
        });
    assertThat(receiver.contentTypes()).allMatch(type -> type.startsWith("application/x-protobuf"));

    ILoggingEvent line = accessLines.awaitOne(requestId);
    assertThat(keyValues(line))
        .containsEntry("door", "grpc")
        .containsEntry("method", "switchboard.v1.PhoneNumberService/GetPhoneNumber")
        .containsEntry("status", "OK")
        .containsEntry("trace_id", traceId)
        .containsKey("duration_ms");
    assertThat(line.getLevel().toString()).isEqualTo("INFO");
  }

  @Test
  @Order(2)
  void a_rest_request_continues_the_callers_trace_answers_traceparent_and_has_database_child_spans()
      throws Exception {
    PhoneNumber number = service.buyNumber();
    String traceId = randomHex(16);
    String parentId = randomHex(8);
    String requestId = "telemetry-rest-" + UUID.randomUUID();

    HttpResponse<String> response =
        service.send(
            "GET",
            "/api/v1/phone-numbers/" + number.getId(),
            null,
            Map.of(
                "traceparent", "00-" + traceId + "-" + parentId + "-01", "X-Request-Id", requestId),
            Duration.ofSeconds(20));

    assertThat(response.statusCode()).isEqualTo(200);
    String answered = response.headers().firstValue("traceparent").orElseThrow();
    assertThat(answered).matches("00-" + traceId + "-[0-9a-f]{16}-0[0-9a-f]");
    String serverSpanId = answered.split("-")[2];
    OtlpReceiver.Received server = awaitSpan(traceId, "GET /api/v1/phone-numbers/{uuid}");
    assertThat(server.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
    assertThat(server.parentSpanId()).isEqualTo(parentId);
    assertThat(server.spanId()).isEqualTo(serverSpanId);
    assertThat(server.attribute("http.route")).hasValue("/api/v1/phone-numbers/{uuid}");
    assertThat(server.attribute("http.response.status_code")).hasValue("200");
    assertThat(awaitChildren(traceId, serverSpanId)).isNotEmpty();

    ILoggingEvent line = accessLines.awaitOne(requestId);
    assertThat(keyValues(line))
        .containsEntry("door", "http")
        .containsEntry("method", "GET /api/v1/phone-numbers/{uuid}")
        .containsEntry("status", "200")
        .containsEntry("trace_id", traceId);
  }

  @Test
  @Order(3)
  void a_call_without_traceparent_starts_a_new_trace_and_rejected_calls_are_traced_and_logged_too()
      throws Exception {
    HttpResponse<String> refused =
        service.send(
            "GET",
            "/api/v1/phone-numbers",
            null,
            Map.of(
                "Authorization", "Bearer sb_live_not_a_key", "X-Request-Id", "telemetry-refused"),
            Duration.ofSeconds(20));

    assertThat(refused.statusCode()).isEqualTo(401);
    String traceId = refused.headers().firstValue("traceparent").orElseThrow().split("-")[1];
    assertThat(traceId).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
    assertThat(
            awaitSpan(traceId, "GET /api/v1/phone-numbers").attribute("http.response.status_code"))
        .hasValue("401");
    assertThat(keyValues(accessLines.awaitOne("telemetry-refused"))).containsEntry("status", "401");

    Metadata noKey = new Metadata();
    noKey.put(REQUEST_ID, "telemetry-refused-grpc");
    AtomicReference<Metadata> headers = new AtomicReference<>();
    AtomicReference<Metadata> trailers = new AtomicReference<>();
    ManagedChannel unauthenticated = service.channel("sb_live_not_a_key_either");
    double inPlaceBefore =
        ServiceUnderTest.sample(service.metrics(), "switchboard_grpc_calls_in_place_total");
    try {
      RoutingServiceGrpc.newBlockingStub(unauthenticated)
          .withInterceptors(
              MetadataUtils.newAttachHeadersInterceptor(noKey),
              MetadataUtils.newCaptureMetadataInterceptor(headers, trailers))
          .resolveInbound(
              ResolveInboundRequest.newBuilder()
                  .setCalledNumber("+12084439178")
                  .setChannel(Channel.CHANNEL_CALL)
                  .build());
    } catch (StatusRuntimeException expected) {
      assertThat(expected.getStatus().getCode().name()).isEqualTo("UNAUTHENTICATED");
    }
    assertThat(trailers.get().get(TRACEPARENT))
        .as("traceparent in the trailers of a call that sent no headers")
        .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    assertThat(keyValues(accessLines.awaitOne("telemetry-refused-grpc")))
        .containsEntry("status", "UNAUTHENTICATED")
        .containsEntry("method", "switchboard.v1.RoutingService/ResolveInbound");
    assertThat(ServiceUnderTest.sample(service.metrics(), "switchboard_grpc_calls_in_place_total"))
        .as("a refused key (whose refusal may be slowed down) is answered on a call thread")
        .isEqualTo(inPlaceBefore);
  }

  @Test
  @Order(4)
  void http_metrics_count_every_route_by_dialect_route_template_method_and_status()
      throws Exception {
    PhoneNumber number = service.buyNumber();
    assertThat(service.send("GET", "/api/v1/phone-numbers/" + number.getId(), null).statusCode())
        .isEqualTo(200);
    assertThat(
            service
                .send("GET", "/phone_numbers/" + number.getNumber().replace("+", "%2B"), null)
                .statusCode())
        .isEqualTo(200);
    assertThat(service.send("GET", "/v1/phone-numbers?limit=5", null).statusCode()).isEqualTo(200);
    assertThat(service.send("GET", "/api/v1/no-such-route", null).statusCode()).isEqualTo(404);
    assertThat(service.send("GET", "/no-dialect-here", null).statusCode()).isEqualTo(404);

    await()
        .atMost(WAIT)
        .untilAsserted(() -> {
          String metrics = service.metrics();
          assertThat(count(metrics, "mindhunters", "/api/v1/phone-numbers/{uuid}", "GET", "200"))
              .isGreaterThanOrEqualTo(1);
          assertThat(count(metrics, "voiceos", "/phone_numbers/{phone_number}", "GET", "200"))
              .isGreaterThanOrEqualTo(1);
          assertThat(count(metrics, "agentmessage", "/v1/phone-numbers", "GET", "200"))
              .isGreaterThanOrEqualTo(1);
          assertThat(count(metrics, "mindhunters", "unmatched", "GET", "404"))
              .isGreaterThanOrEqualTo(1);
          assertThat(count(metrics, "none", "unmatched", "GET", "404")).isGreaterThanOrEqualTo(1);
          assertThat(metrics)
              .contains("http_server_requests_seconds_sum{")
              .contains("http_server_requests_seconds_max{");
        });
  }

  @Test
  @Order(5)
  void service_metrics_show_the_route_cache_feed_lag_idempotent_replays_and_open_watch_streams()
      throws Exception {
    PhoneNumber number = service.buyNumber();
    String before = service.metrics();
    var routing = RoutingServiceGrpc.newBlockingStub(service.channel());
    ResolveInboundRequest resolve =
        ResolveInboundRequest.newBuilder()
            .setCalledNumber(number.getNumber())
            .setChannel(Channel.CHANNEL_CALL)
            .build();
    routing.resolveInbound(resolve);
    routing.resolveInbound(resolve);
    routing.resolveInbound(resolve);
    String after = service.metrics();
    assertThat(
            ServiceUnderTest.sample(after, "switchboard_grpc_calls_in_place_total")
                - ServiceUnderTest.sample(before, "switchboard_grpc_calls_in_place_total"))
        .as("resolves of a key the replica has accepted before, answered on the event loop")
        .isGreaterThanOrEqualTo(2);
    double lookups =
        ServiceUnderTest.sample(after, "switchboard_route_cache_hits_total")
            + ServiceUnderTest.sample(after, "switchboard_route_cache_misses_total")
            - ServiceUnderTest.sample(before, "switchboard_route_cache_hits_total")
            - ServiceUnderTest.sample(before, "switchboard_route_cache_misses_total");
    assertThat(lookups).isEqualTo(3.0);
    assertThat(ServiceUnderTest.sample(after, "switchboard_route_cache_hits_total"))
        .isGreaterThanOrEqualTo(
            ServiceUnderTest.sample(before, "switchboard_route_cache_hits_total") + 2);
    assertThat(ServiceUnderTest.sample(after, "switchboard_route_cache_size"))
        .isGreaterThanOrEqualTo(1);
    assertThat(ServiceUnderTest.sample(after, "switchboard_route_cache_evictions_total"))
        .isGreaterThanOrEqualTo(0);
    await()
        .atMost(WAIT)
        .untilAsserted(() ->
            assertThat(
                    ServiceUnderTest.sample(
                        service.metrics(), "switchboard_change_feed_lag_seconds"))
                .isEqualTo(0.0));

    // a changed number's route is replaced in place, not dropped
    String requestId = UUID.randomUUID().toString();
    var update =
        ServiceUnderTest.voiceLimitUpdate(number.getId(), "", 7).toBuilder()
            .setRequestId(requestId)
            .build();
    service.numbers().updatePhoneNumber(update);
    await()
        .atMost(WAIT)
        .untilAsserted(() ->
            assertThat(
                    ServiceUnderTest.sample(
                        service.metrics(), "switchboard_route_cache_updates_total"))
                .isGreaterThan(
                    ServiceUnderTest.sample(after, "switchboard_route_cache_updates_total")));
    assertThat(
            ServiceUnderTest.sample(service.metrics(), "switchboard_route_cache_evictions_total"))
        .isEqualTo(ServiceUnderTest.sample(after, "switchboard_route_cache_evictions_total"));
    assertThat(ServiceUnderTest.sample(after, "switchboard_route_cache_load_seconds"))
        .isGreaterThan(0.0);

    double replaysBefore =
        ServiceUnderTest.sample(service.metrics(), "switchboard_idempotent_replays_total");
    service.numbers().updatePhoneNumber(update);
    assertThat(ServiceUnderTest.sample(service.metrics(), "switchboard_idempotent_replays_total"))
        .isEqualTo(replaysBefore + 1);

    assertThat(ServiceUnderTest.sample(service.metrics(), "switchboard_watch_streams_open"))
        .isEqualTo(0.0);
    var watching = io.grpc.Context.current().withCancellation();
    List<ChangeEvent> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    watching.run(() ->
        RoutingServiceGrpc.newStub(service.channel())
            .watchChanges(
                WatchChangesRequest.getDefaultInstance(),
                new StreamObserver<>() {
                  @Override
                  public void onNext(ChangeEvent value) {
                    received.add(value);
                  }

                  @Override
                  public void onError(Throwable t) {}

                  @Override
                  public void onCompleted() {}
                }));
    await()
        .atMost(WAIT)
        .untilAsserted(() ->
            assertThat(ServiceUnderTest.sample(service.metrics(), "switchboard_watch_streams_open"))
                .isEqualTo(1.0));
    watching.cancel(null);
    await()
        .atMost(WAIT)
        .untilAsserted(() ->
            assertThat(ServiceUnderTest.sample(service.metrics(), "switchboard_watch_streams_open"))
                .isEqualTo(0.0));
    assertThat(received).isNotEmpty();
  }

  @Test
  @Order(100)
  void rate_limit_refusals_are_counted() throws Exception {
    double before =
        ServiceUnderTest.sample(service.metrics(), "switchboard_rate_limit_refusals_total");
    assertThat(before).isGreaterThanOrEqualTo(0);
    var routing = RoutingServiceGrpc.newBlockingStub(service.channel());
    ResolveInboundRequest resolve =
        ResolveInboundRequest.newBuilder()
            .setCalledNumber("+12084439178")
            .setChannel(Channel.CHANNEL_CALL)
            .build();
    int refused = 0;
    // calls as fast as they go drain the burst (twice the rate) faster than the rate refills it
    for (int i = 0; i < 20 * RATE_PER_SECOND && refused == 0; i++) {
      try {
        routing.resolveInbound(resolve);
      } catch (StatusRuntimeException e) {
        assertThat(e.getStatus().getCode().name()).isEqualTo("RESOURCE_EXHAUSTED");
        refused++;
      }
    }
    assertThat(refused).isEqualTo(1);
    Thread.sleep(1000); // a token for the scrape
    assertThat(ServiceUnderTest.sample(service.metrics(), "switchboard_rate_limit_refusals_total"))
        .isEqualTo(before + 1);
  }

  private static double count(
      String metrics, String dialect, String route, String method, String status) {
    return ServiceUnderTest.sample(
        metrics,
        "http_server_requests_seconds_count{dialect=\""
            + dialect
            + "\",method=\""
            + method
            + "\",route=\""
            + route
            + "\",status=\""
            + status
            + "\"}");
  }

  private static OtlpReceiver.Received awaitSpan(String traceId, String name) {
    AtomicReference<OtlpReceiver.Received> found = new AtomicReference<>();
    await()
        .atMost(WAIT)
        .untilAsserted(() -> {
          List<OtlpReceiver.Received> matching =
              receiver.spans().stream()
                  .filter(s -> s.traceId().equals(traceId) && s.name().equals(name))
                  .toList();
          assertThat(matching)
              .as(
                  "span %s of trace %s among %s (receiver failures: %s)",
                  name,
                  traceId,
                  receiver.spans().stream().map(OtlpReceiver.Received::name).toList(),
                  receiver.failures())
              .hasSize(1);
          found.set(matching.get(0));
        });
    return found.get();
  }

  private static List<OtlpReceiver.Received> awaitChildren(String traceId, String parentSpanId) {
    AtomicReference<List<OtlpReceiver.Received>> found = new AtomicReference<>();
    await()
        .atMost(WAIT)
        .untilAsserted(() -> {
          List<OtlpReceiver.Received> children =
              receiver.spans().stream()
                  .filter(s -> s.traceId().equals(traceId) && s.parentSpanId().equals(parentSpanId))
                  .toList();
          assertThat(children)
              .as("database spans under %s", parentSpanId)
              .isNotEmpty()
              .allSatisfy(c -> assertThat(c.name()).endsWith("postgresql"));
          found.set(children);
        });
    return found.get();
  }

  private static Map<String, String> keyValues(ILoggingEvent event) {
    Map<String, String> values = new java.util.HashMap<>();
    if (event.getKeyValuePairs() != null) {
      event.getKeyValuePairs().forEach(kv -> values.put(kv.key, String.valueOf(kv.value)));
    }
    return values;
  }

  private static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(random);
    random[0] |= 1; // never all zeros, which W3C calls invalid
    return HexFormat.of().formatHex(random);
  }

  /** The access log's events, kept in memory. */
  private static final class AccessLines extends AppenderBase<ILoggingEvent>
      implements AutoCloseable {
    private final List<ILoggingEvent> events = new ArrayList<>();
    private final ch.qos.logback.classic.Logger logger;
    private final ch.qos.logback.classic.Level previousLevel;
    private final boolean previousAdditive;

    private AccessLines(ch.qos.logback.classic.Logger logger) {
      this.logger = logger;
      this.previousLevel = logger.getLevel();
      this.previousAdditive = logger.isAdditive();
    }

    static AccessLines attach() {
      LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
      AccessLines lines = new AccessLines(context.getLogger("io.switchboard.access"));
      lines.setContext(context);
      lines.start();
      // the tests' logging configuration quiets the access log: here it is on, into this capture
      // only
      lines.logger.setLevel(ch.qos.logback.classic.Level.INFO);
      lines.logger.setAdditive(false);
      lines.logger.addAppender(lines);
      return lines;
    }

    @Override
    protected synchronized void append(ILoggingEvent event) {
      event.prepareForDeferredProcessing();
      events.add(event);
    }

    /** The one access-log line of the call or request with this request id. */
    ILoggingEvent awaitOne(String requestId) {
      AtomicReference<ILoggingEvent> found = new AtomicReference<>();
      await()
          .atMost(WAIT)
          .untilAsserted(() -> {
            List<ILoggingEvent> matching;
            synchronized (this) {
              matching =
                  events.stream()
                      .filter(e -> requestId.equals(keyValues(e).get("request_id")))
                      .toList();
            }
            assertThat(matching).as("access-log lines of request %s", requestId).hasSize(1);
            found.set(matching.get(0));
          });
      return found.get();
    }

    @Override
    public void close() {
      logger.detachAppender(this);
      logger.setLevel(previousLevel);
      logger.setAdditive(previousAdditive);
      stop();
    }
  }
}
