package io.switchboard.bootstrap;

import io.grpc.BindableService;
import io.grpc.ServerInterceptor;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.protobuf.services.HealthStatusManager;
import io.javalin.config.JavalinConfig;
import io.micrometer.core.instrument.binder.grpc.MetricCollectingServerInterceptor;

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

    private final Config config;
    private final DataSource dataSource;
    private final SecretKeyMaterial secretKey;
    private final Metrics metrics;
    private final HealthStatusManager grpcHealth;
    private final BooleanSupplier ready;
    private final Clock clock;

    Wiring(Config config, DataSource dataSource, SecretKeyMaterial secretKey, Metrics metrics,
           HealthStatusManager grpcHealth, BooleanSupplier ready, Clock clock) {
        this.config = config;
        this.dataSource = dataSource;
        this.secretKey = secretKey;
        this.metrics = metrics;
        this.grpcHealth = grpcHealth;
        this.ready = ready;
        this.clock = clock;
    }

    List<BindableService> grpcServices() {
        List<BindableService> services = new ArrayList<>();
        services.add(grpcHealth.getHealthService());
        services.add(ProtoReflectionServiceV1.newInstance());
        // services from adapters-grpc are added here, built from use cases over `dataSource`, `secretKey` and `clock`
        return services;
    }

    /** In the order a call passes through them. */
    List<ServerInterceptor> grpcInterceptors() {
        List<ServerInterceptor> interceptors = new ArrayList<>();
        // outermost, so rejected calls (authentication, rate limit) are measured too
        interceptors.add(new MetricCollectingServerInterceptor(metrics.registry()));
        // interceptors from adapters-grpc (request id, authentication, rate limit per API key, error mapping) are added here
        return interceptors;
    }

    List<Consumer<JavalinConfig>> httpRoutes() {
        List<Consumer<JavalinConfig>> routes = new ArrayList<>();
        routes.add(new HealthRoutes(ready, metrics::scrape));
        // routes from adapters-rest (Mindhunters /api/v1, VoiceOS /phone_numbers, AgentMessage /v1/phone-numbers) are added here
        return routes;
    }

    /**
     * Makes sure organization {@code default} and an API key with exactly this value and every scope exist.
     */
    void provisionBootstrapApiKey(Optional<String> bootstrapApiKey) {
        // wired once the organization / API-key store exists in adapters-persistence
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
