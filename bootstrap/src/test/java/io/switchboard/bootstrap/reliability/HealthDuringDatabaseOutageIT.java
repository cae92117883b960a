package io.switchboard.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.switchboard.proto.v1.Channel;
import io.switchboard.proto.v1.PhoneNumber;
import io.switchboard.proto.v1.ResolveInboundRequest;
import io.switchboard.proto.v1.ResolveInboundResponse;
import io.switchboard.proto.v1.RoutingServiceGrpc;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, health: health tells the truth without taking routing down. A private PostgreSQL
 * (embedded, on a port and data directory of its own, never the shared server) stops and starts
 * again while the service runs: each database-backed gRPC service turns NOT_SERVING within 10 s and
 * SERVING again within 10 s of the database's return; the routing service, the overall gRPC status
 * {@code ""} and {@code /health/ready} stay serving (the database is shared: a readiness that
 * followed it would take every replica out of every load balancer at once); {@code
 * /health/database} reports the outage; {@code ResolveInbound} keeps answering from the route cache
 * throughout. Readiness means the route cache follows the change feed ({@code
 * switchboard_route_cache_following} 1), which it does from start and through the outage.
 */
class HealthDuringDatabaseOutageIT {
  static final List<String> DATABASE_BACKED =
      List.of(
          "switchboard.v1.PhoneNumberService",
          "switchboard.v1.TrunkService",
          "switchboard.v1.BindingService",
          "switchboard.v1.AgentService",
          "switchboard.v1.InventoryService",
          "switchboard.v1.AdminService");
  static final String ROUTING = "switchboard.v1.RoutingService";
  private static final Duration LIMIT = Duration.ofSeconds(10);

  @TempDir static Path dataDir;

  private static RestartablePostgres postgres;
  private static ServiceUnderTest service;

  @BeforeAll
  static void start() throws Exception {
    postgres = RestartablePostgres.start(dataDir.resolve("pg"));
    service = ServiceUnderTest.startOn(postgres.jdbcUrl(), "postgres", Map.of());
  }

  @AfterAll
  static void stop() throws IOException {
    if (service != null) {
      service.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void database_services_follow_the_database_while_routing_and_readiness_stay_serving()
      throws Exception {
    PhoneNumber number = service.buyNumber();
    String before = resolve(number);
    assertThat(before).as("answers before the outage").startsWith("answered");
    assertThat(statuses().values())
        .as("all serving at first: %s", statuses())
        .containsOnly(ServingStatus.SERVING);
    // a started service is ready because its route cache follows the feed (Switchboard.start waits
    // for it)
    assertThat(service.management("/health/ready").statusCode()).isEqualTo(200);
    assertThat(following()).as("the route cache follows the change feed at first").isEqualTo(1.0);

    long stopped = System.nanoTime();
    postgres.stop();
    long notServingMillis =
        awaitMillis(
            stopped,
            () -> status("switchboard.v1.PhoneNumberService") == ServingStatus.NOT_SERVING);
    Map<String, ServingStatus> during = statuses();
    int ready = service.management("/health/ready").statusCode();
    int live = service.management("/health/live").statusCode();
    int database = service.management("/health/database").statusCode();
    double followingDuring = following();
    Map<String, Integer> resolvedDuring = new TreeMap<>();
    for (int i = 0; i < 20; i++) {
      resolvedDuring.merge(resolve(number), 1, Integer::sum);
    }

    long restarted = System.nanoTime();
    postgres.startAgain();
    long servingMillis =
        awaitMillis(
            restarted, () -> status("switchboard.v1.PhoneNumberService") == ServingStatus.SERVING);
    Map<String, ServingStatus> after = statuses();
    int databaseAfter = service.management("/health/database").statusCode();
    PhoneNumber boughtAfter = service.buyNumber();

    ServiceUnderTest.figure(
        "health-during-outage",
        "database stopped: PhoneNumberService NOT_SERVING after "
            + notServingMillis
            + " ms (limit "
            + LIMIT.toMillis()
            + "), statuses "
            + during
            + ", /health/ready "
            + ready
            + ", /health/live "
            + live
            + ", /health/database "
            + database
            + ", ResolveInbound during the outage "
            + resolvedDuring
            + "; database back: SERVING after "
            + servingMillis
            + " ms, /health/database "
            + databaseAfter);

    assertThat(notServingMillis).isLessThan(LIMIT.toMillis());
    DATABASE_BACKED.forEach(
        name -> assertThat(during.get(name)).as(name).isEqualTo(ServingStatus.NOT_SERVING));
    assertThat(during.get(ROUTING)).isEqualTo(ServingStatus.SERVING);
    assertThat(during.get("")).isEqualTo(ServingStatus.SERVING);
    assertThat(ready).isEqualTo(200);
    assertThat(followingDuring)
        .as("still following (catch-ups fail, the cache keeps serving)")
        .isEqualTo(1.0);
    assertThat(live).isEqualTo(200);
    assertThat(database).isEqualTo(503);
    assertThat(resolvedDuring)
        .as("the same answer as before, from the route cache")
        .containsOnlyKeys(before);
    assertThat(servingMillis).isLessThan(LIMIT.toMillis());
    assertThat(after.values()).containsOnly(ServingStatus.SERVING);
    assertThat(databaseAfter).isEqualTo(200);
    assertThat(boughtAfter.getId()).isNotBlank();
    assertThat(following()).isEqualTo(1.0);
  }

  /** {@code switchboard_route_cache_following}: what routing's readiness reads. */
  private static double following() throws IOException, InterruptedException {
    return ServiceUnderTest.sample(service.metrics(), "switchboard_route_cache_following");
  }

  private static String resolve(PhoneNumber number) {
    try {
      ResolveInboundResponse response =
          RoutingServiceGrpc.newBlockingStub(service.channel())
              .withDeadlineAfter(2, TimeUnit.SECONDS)
              .resolveInbound(
                  ResolveInboundRequest.newBuilder()
                      .setCalledNumber(number.getNumber())
                      .setChannel(Channel.CHANNEL_CALL)
                      .build());
      return "answered routable=" + response.getRoutable() + " " + response.getUnroutableReason();
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode().name();
    }
  }

  private static Map<String, ServingStatus> statuses() {
    Map<String, ServingStatus> statuses = new LinkedHashMap<>();
    statuses.put("", status(""));
    statuses.put(ROUTING, status(ROUTING));
    DATABASE_BACKED.forEach(name -> statuses.put(name, status(name)));
    return statuses;
  }

  static ServingStatus status(String serviceName) {
    return HealthGrpc.newBlockingStub(service.channel())
        .withDeadlineAfter(2, TimeUnit.SECONDS)
        .check(HealthCheckRequest.newBuilder().setService(serviceName).build())
        .getStatus();
  }

  /**
   * Milliseconds from {@code since} until the condition holds, polled every 100 ms, at most 30 s.
   */
  private static long awaitMillis(long since, BooleanSupplier condition)
      throws InterruptedException {
    long end = since + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within 30 s: " + statuses());
      }
      Thread.sleep(100);
    }
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
  }
}
