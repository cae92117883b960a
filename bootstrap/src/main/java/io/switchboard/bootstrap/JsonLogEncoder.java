package io.switchboard.bootstrap;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * {@code SWITCHBOARD_LOG_FORMAT=json}: every event as one JSON object on one line, with {@code
 * timestamp} (ISO-8601, UTC), {@code level}, {@code logger}, {@code thread}, {@code message},
 * {@code request_id}, {@code trace_id} and {@code span_id} (when the event belongs to a call or
 * request), the other MDC entries and key-value pairs as fields (the access log's {@code door},
 * {@code method}, {@code status}, {@code duration_ms}), and {@code exception} with the stack trace
 * as one string field. It writes what the text format writes, in another shape: the same care about
 * secrets applies (no value is logged that the text lines would not show).
 */
public class JsonLogEncoder extends EncoderBase<ILoggingEvent> {

  private static final JsonFactory JSON = new JsonFactory();
  private static final byte[] NONE = new byte[0];
  private static final Set<String> OWN_FIELDS =
      Set.of(
          "timestamp",
          "level",
          "logger",
          "thread",
          "message",
          "request_id",
          "trace_id",
          "span_id",
          "exception");

  @Override
  public byte[] headerBytes() {
    return NONE;
  }

  @Override
  public byte[] footerBytes() {
    return NONE;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
      json.writeStringField("level", event.getLevel().toString());
      json.writeStringField("logger", event.getLoggerName());
      json.writeStringField("thread", event.getThreadName());
      json.writeStringField("message", event.getFormattedMessage());
      Map<String, String> mdc = event.getMDCPropertyMap();
      String requestId = mdc.get("request_id");
      String traceId = null;
      String spanId = null;
      SpanContext span = Span.current().getSpanContext();
      if (span.isValid()) {
        traceId = span.getTraceId();
        spanId = span.getSpanId();
      }
      if (event.getKeyValuePairs() != null) {
        for (KeyValuePair pair : event.getKeyValuePairs()) {
          // the access log names its call's ids explicitly (it may be written after the call's
          // context ended)
          if ("request_id".equals(pair.key)
              && pair.value != null
              && !pair.value.toString().isEmpty()) {
            requestId = pair.value.toString();
          } else if ("trace_id".equals(pair.key)
              && pair.value != null
              && !pair.value.toString().isEmpty()) {
            traceId = pair.value.toString();
          }
        }
      }
      writeIfPresent(json, "request_id", requestId);
      writeIfPresent(json, "trace_id", traceId);
      writeIfPresent(json, "span_id", spanId);
      for (Map.Entry<String, String> entry : mdc.entrySet()) {
        if (!OWN_FIELDS.contains(entry.getKey())) {
          json.writeStringField(entry.getKey(), entry.getValue());
        }
      }
      if (event.getKeyValuePairs() != null) {
        for (KeyValuePair pair : event.getKeyValuePairs()) {
          if (!OWN_FIELDS.contains(pair.key)) {
            json.writeStringField(pair.key, String.valueOf(pair.value));
          }
        }
      }
      IThrowableProxy thrown = event.getThrowableProxy();
      if (thrown != null) {
        json.writeStringField("exception", ThrowableProxyUtil.asString(thrown));
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.write('\n');
    return out.toByteArray();
  }

  private static void writeIfPresent(JsonGenerator json, String field, String value)
      throws IOException {
    if (value != null && !value.isEmpty()) {
      json.writeStringField(field, value);
    }
  }
}
