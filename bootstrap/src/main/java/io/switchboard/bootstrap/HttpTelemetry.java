package io.switchboard.bootstrap;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.switchboard.persistence.DatabaseSpans;
import io.switchboard.rest.RequestIds;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Measures, traces and access-logs every HTTP request: the REST dialects and the health and metrics
 * routes. A SERVER span starts before any handler (child of the caller's W3C {@code traceparent}),
 * stays current on the request's thread so database work becomes its children, and is answered as a
 * {@code traceparent} response header; when the request is done (Javalin's request logger runs
 * last, after failures have been rendered) the timer {@value #METRIC} records it by dialect, route
 * template, method and status, the span ends and one access-log line is written. Routes are
 * templates ({@code /api/v1/phone-numbers/{uuid}}), never raw paths, so the number of series stays
 * bounded; a path no route matches counts as {@value #UNMATCHED}.
 */
final class HttpTelemetry implements Consumer<JavalinConfig> {

  static final String METRIC = "http.server.requests";
  static final String UNMATCHED = "unmatched";

  /** Health and metrics: routes of the service itself, in no REST dialect. */
  static final String NO_DIALECT = "none";

  private static final String ATTRIBUTE = HttpTelemetry.class.getName();
  private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<Long> STATUS =
      AttributeKey.longKey("http.response.status_code");

  private static final TextMapGetter<Context> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Context carrier) {
          return carrier.headerMap().keySet();
        }

        @Override
        public String get(Context carrier, String key) {
          return carrier == null ? null : carrier.header(key);
        }
      };

  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final boolean accessLog;
  private final Optional<MeterRegistry> registry;
  private final Function<String, Optional<String>> dialectOfPath;

  /** Per matched route (or unmatched), per method and status: timers made once. */
  private final ConcurrentHashMap<RouteKey, Timer> timers = new ConcurrentHashMap<>();

  private record InFlight(Span span, Scope scope, long startedNanos) {}

  private record RouteKey(String dialect, String route, String method, int status) {}

  /**
   * @param registry empty when per-request metrics are off ({@code
   *     SWITCHBOARD_METRICS_ENABLED=false})
   * @param dialectOfPath the REST dialect owning a path, empty outside the dialects
   */
  HttpTelemetry(
      Telemetry telemetry,
      Optional<MeterRegistry> registry,
      Function<String, Optional<String>> dialectOfPath) {
    this.tracer = telemetry.tracer();
    this.propagator = telemetry.propagator();
    this.accessLog = telemetry.accessLog();
    this.registry = registry;
    this.dialectOfPath = dialectOfPath;
  }

  @Override
  public void accept(JavalinConfig config) {
    config.routes.before(this::started);
    config.requestLogger.http((ctx, millis) -> finished(ctx));
  }

  private void started(Context ctx) {
    if (ctx.attribute(ATTRIBUTE) != null) {
      return;
    }
    io.opentelemetry.context.Context parent =
        propagator.extract(io.opentelemetry.context.Context.root(), ctx, GETTER);
    Span span =
        tracer
            .spanBuilder("HTTP " + ctx.method().name())
            .setParent(parent)
            .setSpanKind(SpanKind.SERVER)
            .setAttribute(METHOD, ctx.method().name())
            .startSpan();
    io.opentelemetry.context.Context context = parent.with(span).with(DatabaseSpans.TRACER, tracer);
    propagator.inject(context, ctx, (carrier, key, value) -> carrier.header(key, value));
    ctx.attribute(ATTRIBUTE, new InFlight(span, context.makeCurrent(), System.nanoTime()));
  }

  private void finished(Context ctx) {
    InFlight inFlight = ctx.attribute(ATTRIBUTE);
    long duration = inFlight == null ? 0 : System.nanoTime() - inFlight.startedNanos();
    Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
    String route = endpoint == null ? UNMATCHED : endpoint.path;
    String method = ctx.method().name();
    int status = ctx.statusCode();
    registry.ifPresent(
        r -> timer(r, ctx.path(), route, method, status).record(duration, TimeUnit.NANOSECONDS));
    if (inFlight == null) {
      return;
    }
    try {
      Span span = inFlight.span();
      span.updateName(method + " " + route);
      span.setAttribute(ROUTE, route);
      span.setAttribute(STATUS, (long) status);
      if (status >= 500) {
        span.setStatus(StatusCode.ERROR);
      }
      span.end();
      if (accessLog) {
        AccessLog.write(
            "http",
            method + " " + route,
            Integer.toString(status),
            duration,
            ctx.res().getHeader(RequestIds.HEADER),
            span.getSpanContext());
      }
    } finally {
      inFlight.scope().close();
    }
  }

  private Timer timer(
      MeterRegistry registry, String path, String route, String method, int status) {
    RouteKey key =
        new RouteKey(dialectOfPath.apply(path).orElse(NO_DIALECT), route, method, status);
    Timer timer = timers.get(key);
    if (timer == null) {
      timer =
          timers.computeIfAbsent(
              key,
              k ->
                  Timer.builder(METRIC)
                      .description(
                          "HTTP requests by REST dialect, route template, method and status")
                      .serviceLevelObjectives(GrpcServerMetrics.LATENCY_BUCKETS)
                      .tags(
                          "dialect",
                          k.dialect(),
                          "route",
                          k.route(),
                          "method",
                          k.method(),
                          "status",
                          Integer.toString(k.status()))
                      .register(registry));
    }
    return timer;
  }
}
