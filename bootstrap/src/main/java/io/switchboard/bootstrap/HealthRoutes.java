package io.switchboard.bootstrap;

import io.javalin.config.JavalinConfig;
import io.javalin.http.HttpStatus;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Liveness, readiness and the Prometheus scrape endpoint. */
final class HealthRoutes implements Consumer<JavalinConfig> {

    private final BooleanSupplier ready;
    private final Supplier<String> metricsScrape;

    HealthRoutes(BooleanSupplier ready, Supplier<String> metricsScrape) {
        this.ready = ready;
        this.metricsScrape = metricsScrape;
    }

    @Override
    public void accept(JavalinConfig config) {
        config.routes.get("/health/live", ctx -> ctx.result("live"));
        config.routes.get("/health/ready", ctx -> {
            if (ready.getAsBoolean()) {
                ctx.result("ready");
            } else {
                ctx.status(HttpStatus.SERVICE_UNAVAILABLE).result("not ready");
            }
        });
        config.routes.get("/metrics", ctx -> ctx.contentType(Metrics.PROMETHEUS_CONTENT_TYPE).result(metricsScrape.get()));
    }
}
