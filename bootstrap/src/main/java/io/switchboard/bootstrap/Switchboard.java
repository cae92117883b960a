package io.switchboard.bootstrap;

import io.grpc.protobuf.services.HealthStatusManager;
import io.switchboard.persistence.infra.Migrations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

/**
 * The running service: database, schema, gRPC and HTTP servers, started in that order and stopped in reverse.
 * {@link Main} and the end-to-end tests start it the same way.
 */
public final class Switchboard implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Switchboard.class);

    /** PostgreSQL keeps microseconds: a clock that ticks in microseconds answers a write with what a read shows. */
    static final Clock DATABASE_PRECISION_CLOCK = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));

    private final Config config;
    private final Metrics metrics;
    private final Database database;
    private final DatabaseReadiness readiness;
    private final Wiring wiring;
    private final GrpcServer grpcServer;
    private final HttpServer httpServer;
    private final AtomicBoolean draining;
    private final AtomicBoolean shutdownStarted = new AtomicBoolean();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile boolean drainedCleanly;
    private final Optional<TlsMaterial> tls;

    private Switchboard(Config config, Metrics metrics, Database database, DatabaseReadiness readiness, Wiring wiring,
                        GrpcServer grpcServer, HttpServer httpServer, AtomicBoolean draining, Optional<TlsMaterial> tls) {
        this.wiring = wiring;
        this.tls = tls;
        this.config = config;
        this.metrics = metrics;
        this.database = database;
        this.readiness = readiness;
        this.grpcServer = grpcServer;
        this.httpServer = httpServer;
        this.draining = draining;
    }

    /**
     * Starts everything or nothing: on failure, what was already started is stopped again.
     *
     * @throws ConfigException when a setting makes startup impossible (taken port, unreachable database, bad key file)
     */
    public static Switchboard start(Config config) {
        Deque<AutoCloseable> startedSoFar = new ArrayDeque<>();
        try {
            SecretKeyMaterial secretKey = config.secretKey()
                    .orElseGet(() -> LocalSecretKey.loadOrCreate(config.secretKeyFile()));
            Metrics metrics = new Metrics();
            startedSoFar.push(metrics);
            Database database = Database.open(config, metrics.registry());
            startedSoFar.push(database);
            int applied = Migrations.migrate(database.dataSource());
            if (applied > 0) {
                log.info("Applied {} schema migration(s)", applied);
            }
            DatabaseReadiness readiness = new DatabaseReadiness(database.dataSource());
            startedSoFar.push(readiness);
            AtomicBoolean draining = new AtomicBoolean();

            HealthStatusManager grpcHealth = new HealthStatusManager();
            Wiring wiring = new Wiring(config, database, secretKey, metrics, grpcHealth,
                    () -> !draining.get() && readiness.isReady(), DATABASE_PRECISION_CLOCK);
            startedSoFar.push(wiring::close);
            wiring.provisionBootstrapApiKey(config.bootstrapApiKey(), database.isEmbedded());

            Optional<TlsMaterial> tls = config.transport().tls().map(TlsMaterial::load);
            tls.ifPresent(startedSoFar::push);
            // 0.0.0.0 (the default) means every interface, IPv6 ones included, as before the setting existed
            InetAddress bind = config.transport().bindAddress().isAnyLocalAddress() ? null : config.transport().bindAddress();
            GrpcServer grpcServer = new GrpcServer(
                    bind == null ? new InetSocketAddress(config.grpcPort()) : new InetSocketAddress(bind, config.grpcPort()),
                    tls, config.streams().grpcMaxCallsPerConnection(), config.grpcThreads(), grpcHealth,
                    wiring.grpcServices(), wiring.grpcInterceptors());
            grpcServer.start();
            startedSoFar.push(() -> {
                grpcServer.beginShutdown();
                grpcServer.awaitDrained(Duration.ZERO);
            });
            HttpServer httpServer = new HttpServer(bind, config.httpPort(), tls.map(TlsMaterial::httpsContext),
                    config.shutdownGrace(), wiring.httpRoutes());
            httpServer.start();
            return new Switchboard(config, metrics, database, readiness, wiring, grpcServer, httpServer, draining, tls);
        } catch (RuntimeException e) {
            closeAll(startedSoFar, e);
            throw e;
        }
    }

    public int grpcPort() {
        return grpcServer.port();
    }

    public int httpPort() {
        return httpServer.port();
    }

    /** How the public ports speak: "plaintext", "TLS" or "TLS, gRPC callers need a client certificate (mTLS)". */
    public String transportDescription() {
        return tls.map(t -> t.requiresClientCertificates() ? "TLS, gRPC callers need a client certificate (mTLS)" : "TLS")
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
    public io.switchboard.application.UseCases useCases() {
        return wiring.useCases();
    }

    /**
     * What SIGTERM triggers: report not-serving, stop accepting, let calls and requests in flight finish
     * within the grace period, then release the database. Safe to call more than once.
     *
     * @return true when everything in flight finished within the grace period
     */
    public boolean shutdown() {
        if (!shutdownStarted.compareAndSet(false, true)) {
            awaitTermination();
            return drainedCleanly;
        }
        Instant deadline = Instant.now().plus(config.shutdownGrace());
        log.info("Shutting down: draining in-flight calls for up to {} s", config.shutdownGrace().toSeconds());
        draining.set(true);
        grpcServer.beginShutdown();
        // watch streams never finish on their own: end them now (UNAVAILABLE, watchers resume elsewhere) so they
        // do not hold the drain until the grace period runs out
        wiring.endStreams();
        boolean httpDrained = stopHttp();
        boolean grpcDrained = grpcServer.awaitDrained(Duration.between(Instant.now(), deadline));
        readiness.close();
        wiring.close();
        database.close();
        metrics.close();
        tls.ifPresent(TlsMaterial::close);
        drainedCleanly = httpDrained && grpcDrained;
        log.info(drainedCleanly ? "Stopped" : "Stopped; some calls were cut off at the end of the grace period");
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
