package io.switchboard.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.switchboard.bootstrap.Config;
import io.switchboard.proto.v1.AdminServiceGrpc;
import io.switchboard.proto.v1.Channel;
import io.switchboard.proto.v1.CreateApiKeyRequest;
import io.switchboard.proto.v1.CreateOrganizationRequest;
import io.switchboard.proto.v1.ListPhoneNumbersRequest;
import io.switchboard.proto.v1.PhoneNumberServiceGrpc;
import io.switchboard.proto.v1.ResolveInboundRequest;
import io.switchboard.proto.v1.RoutingServiceGrpc;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Case 12: with a per-key limit of 10 requests per second, one key hammering every door (gRPC and
 * the three REST dialects) is answered 429 with Retry-After in each dialect's error shape and
 * RESOURCE_EXHAUSTED with RetryInfo over gRPC, while a second key calling meanwhile at half the
 * limit is never refused. Issue 13 item 13: a call router's key ({@code internal:*} scopes) is
 * another class, with its own limit (none by default), so the tenants' limit never throttles
 * routing.
 */
class RateLimitingIT {
  /** Low enough that even a starved 2-core CI machine out-runs it from a few threads. */
  private static final int LIMIT_PER_SECOND = 10;

  private static final int THREADS_PER_DOOR = 2;
  private static final Duration WINDOW = Duration.ofSeconds(4);
  private static final Duration POLITE_INTERVAL = Duration.ofMillis(200);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ServiceUnderTest service;

  enum Door {
    GRPC,
    MINDHUNTERS,
    VOICEOS,
    AGENTMESSAGE
  }

  @BeforeAll
  static void start() throws Exception {
    service =
        ServiceUnderTest.start(
            RateLimitingIT.class,
            Map.of(Config.RATE_LIMIT_PER_SECOND, Integer.toString(LIMIT_PER_SECOND)));
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void a_key_over_its_limit_is_told_to_retry_later_and_other_keys_are_unaffected()
      throws Exception {
    var admin = AdminServiceGrpc.newBlockingStub(service.channel());
    String organization =
        admin
            .createOrganization(CreateOrganizationRequest.newBuilder().setName("polite").build())
            .getId();
    String politeKey =
        admin
            .createApiKey(
                CreateApiKeyRequest.newBuilder()
                    .setOrganizationId(organization)
                    .setName("polite")
                    .addScopes("numbers:read")
                    .build())
            .getSecret();
    ManagedChannel politeChannel = service.channel(politeKey);
    // a tenant's key: the bootstrap key holds internal scopes, whose class has no limit here
    String hammerKey =
        admin
            .createApiKey(
                CreateApiKeyRequest.newBuilder()
                    .setOrganizationId(organization)
                    .setName("hammer")
                    .addScopes("numbers:read")
                    .build())
            .getSecret();
    ManagedChannel hammerChannel = service.channel(hammerKey);

    Map<String, AtomicInteger> hammerOutcomes = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> politeOutcomes = new ConcurrentHashMap<>();
    Queue<String> malformedRefusals = new ConcurrentLinkedQueue<>();
    long end = System.nanoTime() + WINDOW.toNanos();
    ExecutorService threads =
        Executors.newFixedThreadPool(Door.values().length * THREADS_PER_DOOR + 1);
    List<Future<?>> runs = new ArrayList<>();
    List<Door> hammerThreads = new ArrayList<>();
    for (Door door : Door.values()) {
      hammerThreads.addAll(java.util.Collections.nCopies(THREADS_PER_DOOR, door));
    }
    for (Door door : hammerThreads) {
      runs.add(
          threads.submit(() -> {
            while (System.nanoTime() < end) {
              String outcome = call(door, hammerChannel, hammerKey, malformedRefusals);
              hammerOutcomes
                  .computeIfAbsent(door + " " + outcome, k -> new AtomicInteger())
                  .incrementAndGet();
            }
            return null;
          }));
    }
    runs.add(
        threads.submit(() -> {
          int i = 0;
          while (System.nanoTime() < end) {
            Door door = Door.values()[i++ % Door.values().length];
            String outcome = call(door, politeChannel, politeKey, malformedRefusals);
            politeOutcomes
                .computeIfAbsent(door + " " + outcome, k -> new AtomicInteger())
                .incrementAndGet();
            Thread.sleep(POLITE_INTERVAL.toMillis());
          }
          return null;
        }));
    for (Future<?> run : runs) {
      run.get(1, TimeUnit.MINUTES);
    }
    threads.shutdown();

    Map<String, Integer> hammer = new TreeMap<>();
    hammerOutcomes.forEach((k, v) -> hammer.put(k, v.get()));
    Map<String, Integer> polite = new TreeMap<>();
    politeOutcomes.forEach((k, v) -> polite.put(k, v.get()));
    int accepted =
        hammer.entrySet().stream()
            .filter(e -> e.getKey().endsWith(" OK"))
            .mapToInt(Map.Entry::getValue)
            .sum();
    int refused =
        hammer.entrySet().stream()
            .filter(e -> e.getKey().endsWith(" RATE_LIMITED"))
            .mapToInt(Map.Entry::getValue)
            .sum();
    // the bucket allows a burst of twice the rate on top of the rate itself; one more second of
    // tokens covers calls
    // that left before the window closed but reached the server after it
    int allowed = LIMIT_PER_SECOND * ((int) WINDOW.toSeconds() + 1) + 2 * LIMIT_PER_SECOND;
    ServiceUnderTest.figure(
        "rate-limiting",
        "limit "
            + LIMIT_PER_SECOND
            + "/s per key, "
            + WINDOW.toSeconds()
            + " s window: hammering key "
            + hammer
            + " (accepted "
            + accepted
            + " of at most "
            + allowed
            + ", refused "
            + refused
            + ", refusals lacking Retry-After/RetryInfo or the dialect's shape "
            + malformedRefusals.size()
            + "); other key meanwhile (one call every "
            + POLITE_INTERVAL.toMillis()
            + " ms at most, "
            + polite.values().stream().mapToInt(Integer::intValue).sum()
            + " calls) "
            + polite);

    assertThat(malformedRefusals).isEmpty();
    for (Door door : Door.values()) {
      assertThat(hammer)
          .as("%s refuses the hammering key", door)
          .containsKey(door + " RATE_LIMITED");
    }
    assertThat(hammer.keySet()).allMatch(k -> k.endsWith(" OK") || k.endsWith(" RATE_LIMITED"));
    assertThat(accepted).isLessThanOrEqualTo(allowed);
    assertThat(polite.keySet())
        .as("the other key is never refused")
        .allMatch(k -> k.endsWith(" OK"));
    assertThat(polite.values().stream().mapToInt(Integer::intValue).sum())
        .isGreaterThanOrEqualTo(Door.values().length);
  }

  /**
   * Issue 13.13: before, the per-key limit applied to routers' {@code internal:routing} keys too,
   * so a router was refused after 2 s worth of tenant-sized bursts. Now a key with an internal
   * scope is limited by its own class.
   */
  @Test
  void an_internal_key_is_not_held_to_the_tenant_limit() throws Exception {
    int calls = 20 * LIMIT_PER_SECOND;
    var router =
        RoutingServiceGrpc.newFutureStub(service.channel()); // the bootstrap key: internal:routing
    long started = System.nanoTime();
    List<com.google.common.util.concurrent.ListenableFuture<?>> sent = new ArrayList<>();
    for (int i = 0;
        i < calls;
        i++) { // all at once: the tenant bucket would pass its burst and little more
      sent.add(
          router
              .withDeadlineAfter(60, TimeUnit.SECONDS)
              .resolveInbound(
                  ResolveInboundRequest.newBuilder()
                      .setCalledNumber("+12085550199")
                      .setChannel(Channel.CHANNEL_CALL)
                      .build()));
    }
    Map<String, Integer> outcomes = new TreeMap<>();
    for (var call : sent) {
      String outcome;
      try {
        call.get(60, TimeUnit.SECONDS);
        outcome = "OK";
      } catch (java.util.concurrent.ExecutionException e) {
        outcome = Status.fromThrowable(e.getCause()).getCode().name();
      }
      outcomes.merge(outcome, 1, Integer::sum);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    // what the tenant limit would have let through meanwhile: the burst plus the refill
    int tenantAllowance = (int) (2 * LIMIT_PER_SECOND + seconds * LIMIT_PER_SECOND);
    ServiceUnderTest.figure(
        "13.13 rate-limit classes",
        String.format(
            "tenant limit %d/s, internal limit none: %d"
                + " ResolveInbound calls of an internal:routing key in %.1f s (the tenant class would pass %d): %s",
            LIMIT_PER_SECOND, calls, seconds, tenantAllowance, outcomes));
    assertThat(outcomes).containsOnlyKeys("OK");
    assertThat(calls).as("the run tells the classes apart").isGreaterThan(tenantAllowance);
  }

  /** Returns "OK", "RATE_LIMITED" (a well-formed refusal), or what else came back. */
  private static String call(Door door, ManagedChannel channel, String key, Queue<String> malformed)
      throws Exception {
    if (door == Door.GRPC) {
      try {
        PhoneNumberServiceGrpc.newBlockingStub(channel)
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .listPhoneNumbers(ListPhoneNumbersRequest.newBuilder().setPageSize(1).build());
        return "OK";
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.RESOURCE_EXHAUSTED) {
          return e.getStatus().getCode().name();
        }
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        boolean retryInfo =
            status != null
                && status.getDetailsList().stream()
                    .anyMatch(d ->
                        d.is(RetryInfo.class)
                            && unpack(d, RetryInfo.class).getRetryDelay().getSeconds()
                                    + unpack(d, RetryInfo.class).getRetryDelay().getNanos()
                                > 0);
        boolean reason =
            status != null
                && status.getDetailsList().stream()
                    .anyMatch(d ->
                        d.is(ErrorInfo.class)
                            && unpack(d, ErrorInfo.class).getReason().equals("RATE_LIMITED"));
        if (!retryInfo || !reason) {
          malformed.add("gRPC: " + status);
        }
        return "RATE_LIMITED";
      }
    }
    String path =
        switch (door) {
          case MINDHUNTERS -> "/api/v1/phone-numbers";
          case VOICEOS -> "/phone_numbers";
          case AGENTMESSAGE -> "/v1/phone-numbers";
          case GRPC -> throw new IllegalStateException();
        };
    HttpResponse<String> response =
        service.send(
            "GET", path, null, Map.of("Authorization", "Bearer " + key), Duration.ofSeconds(10));
    if (response.statusCode() == 200) {
      return "OK";
    }
    if (response.statusCode() != 429) {
      return Integer.toString(response.statusCode());
    }
    String retryAfter = response.headers().firstValue("Retry-After").orElse("");
    JsonNode body = JSON.readTree(response.body());
    boolean shaped =
        switch (door) {
          case MINDHUNTERS ->
              !body.path("success").asBoolean(true)
                  && body.path("error").path("code").asText().equals("RATE_LIMITED");
          case VOICEOS -> body.path("detail").isTextual();
          case AGENTMESSAGE ->
              !body.path("success").asBoolean(true)
                  && body.path("error").path("code").asText().equals("RATE_LIMITED");
          case GRPC -> false;
        };
    if (!retryAfter.matches("[1-9][0-9]*") || !shaped) {
      malformed.add(door + ": Retry-After '" + retryAfter + "', body " + response.body());
    }
    return "RATE_LIMITED";
  }

  private static <T extends com.google.protobuf.Message> T unpack(
      com.google.protobuf.Any any, Class<T> type) {
    try {
      return any.unpack(type);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }
}
