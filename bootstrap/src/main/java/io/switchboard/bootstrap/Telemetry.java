package io.switchboard.bootstrap;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's OpenTelemetry SDK, configured by the standard {@code OTEL_*} variables (the SDK's
 * own autoconfiguration reads them, so every documented OpenTelemetry setting works). Spans are
 * always made, so trace ids reach log lines and the {@code traceparent} answered to callers; they
 * are exported over OTLP only when an endpoint (or an exporter) is configured. Metrics stay with
 * Prometheus and logs with the console: the SDK exports neither.
 *
 * <p>Not registered as the global instance: each {@link Switchboard} owns its own (tests run
 * several in one JVM), and hands the tracer to the servers, which pass it on to database work
 * through the request's context.
 */
final class Telemetry implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Telemetry.class);
  static final String INSTRUMENTATION_SCOPE = "io.switchboard";

  /**
   * Does nothing with a span, but its presence makes the SDK give every span its ids (see {@link
   * #start}).
   */
  private static final SpanProcessor KEEP_IDS =
      new SpanProcessor() {
        @Override
        public void onStart(Context parentContext, ReadWriteSpan span) {}

        @Override
        public boolean isStartRequired() {
          return false;
        }

        @Override
        public void onEnd(ReadableSpan span) {}

        @Override
        public boolean isEndRequired() {
          return false;
        }
      };

  private final OpenTelemetrySdk sdk;
  private final Tracer tracer;
  private final boolean accessLog;

  private Telemetry(OpenTelemetrySdk sdk, boolean accessLog) {
    this.sdk = sdk;
    this.tracer = sdk.getTracer(INSTRUMENTATION_SCOPE);
    this.accessLog = accessLog;
  }

  static Telemetry start(Config.Telemetry settings) {
    Map<String, String> properties = new HashMap<>();
    properties.put("otel.service.name", "switchboard");
    properties.put("otel.metrics.exporter", "none");
    properties.put("otel.logs.exporter", "none");
    // the protocol the OpenTelemetry specification names as the default (the Java SDK alone
    // defaults to gRPC)
    properties.put("otel.exporter.otlp.protocol", "http/protobuf");
    if (!settings.exportsTraces()) {
      properties.put("otel.traces.exporter", "none");
    }
    settings.openTelemetry().forEach((name, value) -> properties.put(propertyName(name), value));
    try {
      OpenTelemetrySdk sdk =
          AutoConfiguredOpenTelemetrySdk.builder()
              .addPropertiesSupplier(() -> properties)
              // with no processor at all the SDK hands out invalid, id-less spans; this one keeps
              // them real
              .addTracerProviderCustomizer((tracers, config) -> tracers.addSpanProcessor(KEEP_IDS))
              .disableShutdownHook() // Switchboard's own shutdown flushes it, after the servers
              // have drained
              .build()
              .getOpenTelemetrySdk();
      if (settings.exportsTraces()) {
        log.info(
            "Exporting traces over OTLP to {}",
            settings
                .openTelemetry()
                .getOrDefault(
                    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
                    settings
                        .openTelemetry()
                        .getOrDefault(
                            Config.OTEL_EXPORTER_OTLP_ENDPOINT, "the configured exporter")));
      }
      return new Telemetry(sdk, settings.accessLog());
    } catch (ConfigurationException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      throw new ConfigException(
          "OTEL_*", "OpenTelemetry refused its settings: " + root.getMessage(), e);
    }
  }

  /** {@code OTEL_EXPORTER_OTLP_ENDPOINT} is {@code otel.exporter.otlp.endpoint} to the SDK. */
  static String propertyName(String environmentName) {
    return environmentName.toLowerCase(Locale.ROOT).replace('_', '.');
  }

  Tracer tracer() {
    return tracer;
  }

  /** W3C {@code traceparent} (and baggage) unless {@code OTEL_PROPAGATORS} says otherwise. */
  TextMapPropagator propagator() {
    return sdk.getPropagators().getTextMapPropagator();
  }

  boolean accessLog() {
    return accessLog;
  }

  /** Exports the spans still buffered (up to 5 s), then stops. */
  @Override
  public void close() {
    sdk.shutdown().join(5, TimeUnit.SECONDS);
  }
}
