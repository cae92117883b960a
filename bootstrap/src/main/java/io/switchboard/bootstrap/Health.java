package io.switchboard.bootstrap;

import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this replica tells load balancers and gRPC health checkers, kept in one place so HTTP and
 * gRPC agree.
 *
 * <ul>
 *   <li>Ready ({@code /health/ready}, gRPC service {@code ""}): the replica can do its main job,
 *       routing: listeners up, schema checked, route cache loaded and following the feed, not
 *       draining. Not tied to the database: it is shared, so a readiness that followed it would
 *       take every replica out of every load balancer at once, while {@code ResolveInbound} keeps
 *       answering from the cache.
 *   <li>Each database-backed gRPC service: SERVING while {@code SELECT 1} answers within a second,
 *       checked every {@link #CHECK_INTERVAL}, so it turns NOT_SERVING within about three seconds
 *       of the database going away and back as quickly; clients that check per service send those
 *       calls elsewhere or fail fast.
 *   <li>The routing service: SERVING while ready.
 * </ul>
 */
final class Health implements AutoCloseable {

  static final Duration CHECK_INTERVAL = Duration.ofSeconds(2);
  private static final Logger log = LoggerFactory.getLogger(Health.class);

  private final HealthStatusManager grpc;
  private final DatabaseReadiness database;
  private final RoutingReadiness routing;
  private final List<String> databaseServices;
  private final List<String> routingServices;
  private final ScheduledExecutorService checks =
      Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "health-check");
        thread.setDaemon(true);
        return thread;
      });
  private volatile boolean draining;
  private volatile boolean warming = true;
  private volatile Boolean databaseUp;

  Health(
      HealthStatusManager grpc,
      DatabaseReadiness database,
      RoutingReadiness routing,
      List<String> databaseServices,
      List<String> routingServices) {
    this.grpc = grpc;
    this.database = database;
    this.routing = routing;
    this.databaseServices = List.copyOf(databaseServices);
    this.routingServices = List.copyOf(routingServices);
  }

  /** Publishes the first statuses at once, then keeps them current. */
  void start() {
    refresh();
    checks.scheduleWithFixedDelay(
        this::refreshQuietly,
        CHECK_INTERVAL.toMillis(),
        CHECK_INTERVAL.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  boolean ready() {
    return !draining && !warming && routing.ready();
  }

  /** The replica has run its hot paths ({@link Warmup}): it may report ready from now on. */
  void warmedUp() {
    warming = false;
    publish(Boolean.TRUE.equals(databaseUp));
  }

  /**
   * Asks the database now (at most {@link DatabaseReadiness#TIMEOUT}), for {@code
   * /health/database}.
   */
  boolean databaseUp() {
    return database.isReady();
  }

  /**
   * SIGTERM: every status turns not-serving at once while the listeners still accept, so balancers
   * move away.
   */
  void beginDrain() {
    draining = true;
    publish(false);
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (RuntimeException e) {
      log.warn("Health check failed: {}", e.toString());
    }
  }

  private void refresh() {
    boolean up = database.isReady();
    Boolean before = databaseUp;
    databaseUp = up;
    if (before != null && before != up) {
      if (up) {
        log.info("Database answers again: database-backed gRPC services are SERVING");
      } else {
        log.warn(
            "Database does not answer: database-backed gRPC services are NOT_SERVING; routing goes on from the route cache");
      }
    }
    publish(up);
  }

  private synchronized void publish(boolean up) {
    boolean ready = ready();
    grpc.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, status(ready));
    routingServices.forEach(service -> grpc.setStatus(service, status(ready)));
    databaseServices.forEach(
        service -> grpc.setStatus(service, status(!draining && !warming && up)));
  }

  private static ServingStatus status(boolean serving) {
    return serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
  }

  /**
   * Stops checking; the gRPC statuses stay NOT_SERVING for good once the server's own shutdown has
   * begun.
   */
  @Override
  public void close() {
    checks.shutdownNow();
  }
}
