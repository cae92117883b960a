package io.switchboard.bootstrap;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The management port's routes: liveness, readiness, the database's reachability and the Prometheus
 * scrape. Probes and dashboards name these paths; keep them.
 */
final class HealthRoutes implements Consumer<JavalinConfig> {

  private final BooleanSupplier ready;
  private final BooleanSupplier databaseUp;
  private final Supplier<String> metricsScrape;

  HealthRoutes(BooleanSupplier ready, BooleanSupplier databaseUp, Supplier<String> metricsScrape) {
    this.ready = ready;
    this.databaseUp = databaseUp;
    this.metricsScrape = metricsScrape;
  }

  @Override
  public void accept(JavalinConfig config) {
    config.routes.get("/health/live", ctx -> ctx.result("live"));
    config.routes.get(
        "/health/ready", ctx -> answer(ctx, ready.getAsBoolean(), "ready", "not ready"));
    config.routes.get(
        "/health/database",
        ctx -> answer(ctx, databaseUp.getAsBoolean(), "database up", "database down"));
    config.routes.get(
        "/metrics",
        ctx -> ctx.contentType(Metrics.PROMETHEUS_CONTENT_TYPE).result(metricsScrape.get()));
  }

  private static void answer(Context ctx, boolean good, String yes, String no) {
    if (good) {
      ctx.result(yes);
    } else {
      ctx.status(HttpStatus.SERVICE_UNAVAILABLE).result(no);
    }
  }
}
