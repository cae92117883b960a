package io.switchboard.bootstrap;

import io.grpc.BindableService;
import io.grpc.ServerInterceptor;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.protobuf.services.HealthStatusManager;
import io.javalin.config.JavalinConfig;

import io.switchboard.application.UseCases;
import io.switchboard.application.auth.ApiKeySecrets;
import io.switchboard.application.auth.RateLimiter;
import io.switchboard.application.port.Ports;
import io.switchboard.grpc.GrpcAdapter;
import io.switchboard.persistence.JooqPorts;
import io.switchboard.persistence.crypto.AesGcmSecretCipher;
import io.switchboard.rest.RestApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The one place where adapters meet use cases: every gRPC service, interceptor and HTTP route of the
 * process is assembled here with plain constructors.
 */
final class Wiring {

    private static final Logger log = LoggerFactory.getLogger(Wiring.class);

    private final Config config;
    private final DataSource dataSource;
    private final SecretKeyMaterial secretKey;
    private final Metrics metrics;
    private final HealthStatusManager grpcHealth;
    private final BooleanSupplier ready;
    private final Clock clock;
    private final UseCases useCases;
    private final GrpcAdapter grpcAdapter;

    Wiring(Config config, Database database, SecretKeyMaterial secretKey, Metrics metrics,
           HealthStatusManager grpcHealth, BooleanSupplier ready, Clock clock) {
        this.config = config;
        this.dataSource = database.dataSource();
        this.secretKey = secretKey;
        this.metrics = metrics;
        this.grpcHealth = grpcHealth;
        this.ready = ready;
        this.clock = clock;
        Ports ports = JooqPorts.create(dataSource, clock, database.notificationConnections(),
                new AesGcmSecretCipher(secretKey.keyId(), secretKey.key()));
        // bursts of up to two seconds' worth of requests pass; a sustained excess is refused per key
        RateLimiter rateLimiter = config.rateLimitPerSecond() == 0 ? RateLimiter.unlimited(clock)
                : new RateLimiter(config.rateLimitPerSecond(), 2.0 * config.rateLimitPerSecond(), clock);
        this.useCases = UseCases.create(ports, clock, rateLimiter, config.streams().watchStreamsPerKey()).start();
        this.grpcAdapter = new GrpcAdapter(useCases, clock);
    }

    UseCases useCases() {
        return useCases;
    }

    List<BindableService> grpcServices() {
        List<BindableService> services = new ArrayList<>();
        services.add(grpcHealth.getHealthService());
        services.add(ProtoReflectionServiceV1.newInstance());
        services.addAll(grpcAdapter.services());
        return services;
    }

    /** In the order a call passes through them. */
    List<ServerInterceptor> grpcInterceptors() {
        List<ServerInterceptor> interceptors = new ArrayList<>();
        if (config.metricsEnabled()) {
            // outermost, so rejected calls (authentication, rate limit) are measured too
            interceptors.add(new GrpcServerMetrics(metrics.registry()));
        }
        interceptors.addAll(grpcAdapter.interceptors());
        return interceptors;
    }

    List<Consumer<JavalinConfig>> httpRoutes() {
        List<Consumer<JavalinConfig>> routes = new ArrayList<>();
        routes.add(new HealthRoutes(ready, metrics::scrape));
        routes.add(new RestApi(useCases, clock));
        return routes;
    }

    /**
     * Makes sure organization {@code default} and an API key with exactly this value and every scope exist.
     */
    void provisionBootstrapApiKey(Optional<String> bootstrapApiKey, boolean embedded) {
        if (bootstrapApiKey.isPresent()) {
            useCases.admin().ensureBootstrapKey(bootstrapApiKey.get());
            return;
        }
        if (embedded && !useCases.admin().hasActiveBootstrapKey()) {
            // a fresh local install: make a key so the service can be used at once, and show it this one time
            String secret = ApiKeySecrets.generate();
            useCases.admin().ensureBootstrapKey(secret);
            System.out.println("switchboard: generated an API key with every scope (shown once, stored hashed): " + secret);
            log.info("Generated the bootstrap API key of organization 'default' (printed once on stdout)");
        }
    }

    /** Ends the long-lived gRPC streams (WatchChanges); unary calls keep draining. */
    void endStreams() {
        grpcAdapter.close();
    }

    void close() {
        grpcAdapter.close();
        try {
            useCases.close();
        } catch (Exception e) {
            log.warn("Stopping the change-feed followers failed: {}", e.getMessage());
        }
    }

    Config config() {
        return config;
    }

    DataSource dataSource() {
        return dataSource;
    }

    SecretKeyMaterial secretKey() {
        return secretKey;
    }

    Clock clock() {
        return clock;
    }
}
