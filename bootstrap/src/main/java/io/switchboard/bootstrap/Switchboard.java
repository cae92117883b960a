package io.switchboard.bootstrap;

import io.grpc.protobuf.services.HealthStatusManager;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.application.UseCaseServices;
import io.switchboard.persistence.infra.Migrations;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: database, schema, gRPC and HTTP servers, started in that order and stopped
 * in reverse. {@link Main} and the end-to-end tests start it the same way.
 */
public final class Switchboard implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Switchboard.class);

  /**
   * PostgreSQL keeps microseconds: a clock that ticks in microseconds answers a write with what a
   * read shows.
   */
  static final Clock DATABASE_PRECISION_CLOCK =
      Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));

  private final Config config;
  private final Metrics metrics;
  private final Telemetry telemetry;
  private final Database database;
  private final DatabaseReadiness readiness;
  private final Health health;
  private final Wiring wiring;
  private final GrpcServer grpcServer;
  private final HttpServer httpServer;
  private final ManagementServer management;
  private final Maintenance maintenance;
  private final AtomicBoolean shutdownStarted = new AtomicBoolean();
  private final CountDownLatch terminated = new CountDownLatch(1);
  private volatile boolean drainedCleanly;
  private final Optional<TlsMaterial> tls;

  private Switchboard(
      Config config,
      Metrics metrics,
      Telemetry telemetry,
      Database database,
      DatabaseReadiness readiness,
      Health health,
      Wiring wiring,
      GrpcServer grpcServer,
      HttpServer httpServer,
      ManagementServer management,
      Maintenance maintenance,
      Optional<TlsMaterial> tls) {
    this.maintenance = maintenance;
    this.tls = tls;
    this.wiring = wiring;
    this.config = config;
    this.metrics = metrics;
    this.telemetry = telemetry;
    this.database = database;
    this.readiness = readiness;
    this.health = health;
    this.grpcServer = grpcServer;
    this.httpServer = httpServer;
    this.management = management;
  }

  /**
   * Starts everything or nothing: on failure, what was already started is stopped again.
   *
   * @throws ConfigException when a setting makes startup impossible (taken port, unreachable
   *     database, bad key file)
   */
  public static Switchboard start(Config config) {
    Deque<AutoCloseable> startedSoFar = new ArrayDeque<>();
    try {
      SecretKeyMaterial secretKey =
          config.secretKey().orElseGet(() -> LocalSecretKey.loadOrCreate(config.secretKeyFile()));
      Metrics metrics = new Metrics();
      startedSoFar.push(metrics);
      Telemetry telemetry = Telemetry.start(config.telemetry());
      startedSoFar.push(telemetry);
      Database database = Database.open(config, metrics.registry());
      startedSoFar.push(database);
      prepareSchema(config, database);
      DatabaseReadiness readiness = new DatabaseReadiness(database.dataSource());
      startedSoFar.push(readiness);

      HealthStatusManager grpcHealth = new HealthStatusManager();
      Wiring wiring =
          new Wiring(
              config,
              database,
              secretKey,
              metrics,
              telemetry,
              grpcHealth,
              DATABASE_PRECISION_CLOCK);
      startedSoFar.push(wiring::close);
      wiring.provisionBootstrapApiKey(config.bootstrapApiKey(), database.isEmbedded());
      Maintenance maintenance =
          new Maintenance(
                  wiring.reseal(), wiring.retention(), config.dataAtRest().maintenanceInterval())
              .start();
      startedSoFar.push(maintenance);
      Health health =
          new Health(
              grpcHealth,
              readiness,
              wiring.routingReadiness(),
              wiring.databaseBackedServices(),
              wiring.routingServices());
      startedSoFar.push(health);
      health.start(); // every service's status exists before the first health check can arrive

      Optional<TlsMaterial> tls = config.transport().tls().map(TlsMaterial::load);
      tls.ifPresent(startedSoFar::push);
      // 0.0.0.0 (the default) means every interface, IPv6 ones included, as before the setting
      // existed
      InetAddress bind =
          config.transport().bindAddress().isAnyLocalAddress()
              ? null
              : config.transport().bindAddress();
      GrpcServer grpcServer =
          new GrpcServer(
              bind == null
                  ? new InetSocketAddress(config.grpcPort())
                  : new InetSocketAddress(bind, config.grpcPort()),
              tls,
              config.streams().grpcMaxCallsPerConnection(),
              config.grpcThreads(),
              config.streams().grpcMaxQueuedCalls(),
              grpcHealth,
              wiring.grpcServices(),
              wiring.grpcInterceptors(),
              wiring.grpcInPlaceCalls(),
              new EventLoopBudget(config.streams().grpcInPlacePercent()),
              config.operations().grpcMaxConnectionAge());
      grpcServer.registerMetrics(metrics.registry());
      grpcServer.start();
      startedSoFar.push(() -> {
        grpcServer.beginShutdown();
        grpcServer.awaitDrained(Duration.ZERO);
      });
      HttpServer httpServer =
          new HttpServer(
              bind,
              config.httpPort(),
              tls.map(TlsMaterial::httpsContext),
              config.shutdownGrace(),
              wiring.httpRoutes());
      httpServer.start();
      startedSoFar.push(httpServer::stop);
      // not ready before the hot paths ran once: a cold replica's first calls missed deadlines
      if (config.operations().warmup().isPositive()) {
        wiring
            .warmup(config.operations().warmup())
            .run(
                grpcServer.services(),
                tls.isPresent() ? Optional.empty() : Optional.of(grpcServer.port()),
                config.bootstrapApiKey());
      }
      health.warmedUp();
      // last, so a probe that gets an answer at all finds the public listeners up
      ManagementServer management =
          new ManagementServer(
              config.operations().managementPort(),
              new HealthRoutes(health::ready, health::databaseUp, metrics::scrape));
      management.start();
      return new Switchboard(
          config,
          metrics,
          telemetry,
          database,
          readiness,
          health,
          wiring,
          grpcServer,
          httpServer,
          management,
          maintenance,
          tls);
    } catch (RuntimeException e) {
      closeAll(startedSoFar, e);
      throw e;
    }
  }

  /**
   * {@code java -jar switchboard.jar migrate}: applies pending migrations on the direct connection
   * and returns how many ran. Run it (a Kubernetes Job, a deploy step) before rolling out a release
   * started with {@code SWITCHBOARD_MIGRATE_ON_START=false}.
   */
  public static int migrate(Config config) {
    try (Database database = Database.open(config, new SimpleMeterRegistry())) {
      return Migrations.migrate(database.directDataSource());
    }
  }

  /**
   * Migrates (on the direct connection: Flyway takes a session-level advisory lock a transaction
   * pooler cannot hold), or, with migrating at start turned off, refuses a schema older than this
   * release. A newer one is served: migrations are expand/contract, so the previous release keeps
   * running on the next one's schema during a rolling update.
   */
  private static void prepareSchema(Config config, Database database) {
    if (config.operations().migrateOnStart()) {
      int applied = Migrations.migrate(database.directDataSource());
      if (applied > 0) {
        log.info("Applied {} schema migration(s)", applied);
      }
      return;
    }
    Migrations.SchemaState schema = Migrations.inspect(database.directDataSource());
    if (!schema.isCurrentOrNewer()) {
      throw new ConfigException(
          Config.MIGRATE_ON_START,
          "is false and the database schema is at version "
              + schema.appliedVersion().orElse("none")
              + " but this release needs "
              + schema.requiredVersion()
              + ": run 'java -jar switchboard.jar migrate' first");
    }
    log.info(
        "Schema at version {} (this release needs {}); not migrating at start",
        schema.appliedVersion().orElse("none"),
        schema.requiredVersion());
  }

  public int grpcPort() {
    return grpcServer.port();
  }

  public int httpPort() {
    return httpServer.port();
  }

  /** The plain-HTTP port of {@code /health/*} and {@code /metrics}. */
  public int managementPort() {
    return management.port();
  }

  /**
   * How the public ports speak: "plaintext", "TLS" or "TLS, gRPC callers need a client certificate
   * (mTLS)".
   */
  public String transportDescription() {
    return tls.map(t ->
            t.requiresClientCertificates()
                ? "TLS, gRPC callers need a client certificate (mTLS)"
                : "TLS")
        .orElse("plaintext");
  }

  /** Where the data lives, without credentials: "embedded PostgreSQL at …" or the database URL. */
  public String databaseDescription() {
    return database.description();
  }

  public Config config() {
    return config;
  }

  /** The use cases the servers call, for tests that set up data behind the APIs. */
  public UseCaseServices services() {
    return wiring.services();
  }

  /**
   * What SIGTERM triggers: report not-ready at once while still accepting for the drain time (load
   * balancers notice and stop sending), then stop accepting, let calls and requests in flight
   * finish within the grace period, then release the database. Safe to call more than once.
   *
   * @return true when everything in flight finished within the grace period
   */
  public boolean shutdown() {
    if (!shutdownStarted.compareAndSet(false, true)) {
      awaitTermination();
      return drainedCleanly;
    }
    Duration drain = config.operations().shutdownDrain();
    health.beginDrain();
    if (!drain.isZero()) {
      log.info(
          "Shutting down: readiness reports not ready; still accepting for {} s",
          drain.toSeconds());
      sleep(drain);
    }
    Instant deadline = Instant.now().plus(config.shutdownGrace());
    log.info(
        "Shutting down: draining in-flight calls for up to {} s",
        config.shutdownGrace().toSeconds());
    grpcServer.beginShutdown();
    // watch streams never finish on their own: end them now (UNAVAILABLE, watchers resume
    // elsewhere) so they
    // do not hold the drain until the grace period runs out
    wiring.endStreams();
    boolean httpDrained = stopHttp();
    boolean grpcDrained = grpcServer.awaitDrained(Duration.between(Instant.now(), deadline));
    health.close();
    readiness.close();
    maintenance.close();
    wiring.close();
    database.close();
    stopManagement();
    telemetry.close();
    metrics.close();
    tls.ifPresent(TlsMaterial::close);
    drainedCleanly = httpDrained && grpcDrained;
    log.info(
        drainedCleanly
            ? "Stopped"
            : "Stopped; some calls were cut off at the end of the grace period");
    terminated.countDown();
    return drainedCleanly;
  }

  private boolean stopHttp() {
    try {
      httpServer.stop();
      return true;
    } catch (RuntimeException e) {
      log.warn("HTTP server did not stop cleanly: {}", e.getMessage());
      return false;
    }
  }

  private void stopManagement() {
    try {
      management.stop();
    } catch (RuntimeException e) {
      log.warn("Management server did not stop cleanly: {}", e.getMessage());
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Blocks until {@link #shutdown()} has finished. */
  public void awaitTermination() {
    try {
      terminated.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    shutdown();
  }

  private static void closeAll(Deque<AutoCloseable> resources, RuntimeException failure) {
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        failure.addSuppressed(e);
      }
    }
  }
}
