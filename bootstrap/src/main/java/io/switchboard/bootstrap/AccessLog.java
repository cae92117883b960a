package io.switchboard.bootstrap;

import io.opentelemetry.api.trace.SpanContext;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line per gRPC call and REST request, on logger {@value #LOGGER}: door, method or route
 * template, status, duration, request id and trace id, as text in the message and as key-value
 * pairs that the JSON format turns into fields. Never the path with its values, a query string, a
 * header or a body.
 */
final class AccessLog {

  static final String LOGGER = "io.switchboard.access";
  private static final Logger log = LoggerFactory.getLogger(LOGGER);

  private AccessLog() {}

  static void write(
      String door,
      String method,
      String status,
      long durationNanos,
      String requestId,
      SpanContext span) {
    if (!log.isInfoEnabled()) {
      return;
    }
    String traceId = span.isValid() ? span.getTraceId() : "";
    String durationMs = String.format(Locale.ROOT, "%.3f", durationNanos / 1e6);
    log.atInfo()
        .addKeyValue("door", door)
        .addKeyValue("method", method)
        .addKeyValue("status", status)
        .addKeyValue("duration_ms", durationMs)
        .addKeyValue("request_id", requestId == null ? "" : requestId)
        .addKeyValue("trace_id", traceId)
        .log(
            "{} {} {} {} ms request_id={} trace_id={}",
            door,
            method,
            status,
            durationMs,
            requestId == null ? "" : requestId,
            traceId);
  }
}
