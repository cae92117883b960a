package io.switchboard.bootstrap;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/**
 * {@code %traceId} / {@code %spanId} in the text log pattern: the ids of the span current on the
 * logging thread (the call's or request's, see {@link GrpcTelemetry} and {@link HttpTelemetry}),
 * empty outside one. Read at log time, so nothing is copied into the MDC per call.
 */
public class TraceIdConverter extends ClassicConverter {

  @Override
  public String convert(ILoggingEvent event) {
    SpanContext span = Span.current().getSpanContext();
    return span.isValid() ? span.getTraceId() : "";
  }

  /** The span id, for {@code %spanId}. */
  public static final class SpanIdConverter extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
      SpanContext span = Span.current().getSpanContext();
      return span.isValid() ? span.getSpanId() : "";
    }
  }
}
