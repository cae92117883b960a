package io.switchboard.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

class JsonLogEncoderTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final LoggerContext context = new LoggerContext();
  private final JsonLogEncoder encoder = new JsonLogEncoder();

  JsonLogEncoderTest() {
    encoder.setContext(context);
    encoder.start();
  }

  @Test
  void one_json_object_per_line_with_the_ids_of_the_current_span_and_the_request()
      throws Exception {
    LoggingEvent event = event("database answered \"slowly\"\nsecond line", null);
    event.setMDCPropertyMap(Map.of("request_id", "req-1", "tenant", "acme"));
    SpanContext span =
        SpanContext.create(
            "0af7651916cd43dd8448eb211c80319c",
            "b7ad6b7169203331",
            TraceFlags.getSampled(),
            TraceState.getDefault());

    String line;
    try (Scope ignored = Span.wrap(span).makeCurrent()) {
      line = new String(encoder.encode(event), StandardCharsets.UTF_8);
    }

    assertThat(line).endsWith("\n");
    assertThat(line.strip()).doesNotContain("\n");
    JsonNode json = JSON.readTree(line);
    assertThat(json.get("timestamp").asText()).isEqualTo("2026-11-30T04:00:00Z");
    assertThat(json.get("level").asText()).isEqualTo("WARN");
    assertThat(json.get("logger").asText()).isEqualTo("io.switchboard.Test");
    assertThat(json.get("message").asText()).isEqualTo("database answered \"slowly\"\nsecond line");
    assertThat(json.get("request_id").asText()).isEqualTo("req-1");
    assertThat(json.get("trace_id").asText()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(json.get("span_id").asText()).isEqualTo("b7ad6b7169203331");
    assertThat(json.get("tenant").asText()).isEqualTo("acme");
    assertThat(json.has("exception")).isFalse();
  }

  @Test
  void the_exception_is_one_field_with_its_causes_and_key_values_become_fields() throws Exception {
    LoggingEvent event =
        event("access", new IllegalStateException("outer", new RuntimeException("inner")));
    event.setMDCPropertyMap(Map.of());
    event.addKeyValuePair(new KeyValuePair("door", "grpc"));
    event.addKeyValuePair(new KeyValuePair("request_id", "req-2"));
    event.addKeyValuePair(new KeyValuePair("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736"));

    JsonNode json = JSON.readTree(new String(encoder.encode(event), StandardCharsets.UTF_8));

    assertThat(json.get("door").asText()).isEqualTo("grpc");
    assertThat(json.get("request_id").asText()).isEqualTo("req-2");
    assertThat(json.get("trace_id").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(json.get("exception").asText())
        .contains("java.lang.IllegalStateException: outer")
        .contains("Caused by: java.lang.RuntimeException: inner")
        .contains("\tat ");
    assertThat(json.has("span_id")).isFalse();
  }

  private LoggingEvent event(String message, Throwable thrown) {
    LoggingEvent event =
        new LoggingEvent(
            "fqcn", context.getLogger("io.switchboard.Test"), Level.WARN, message, thrown, null);
    event.setTimeStamp(java.time.Instant.parse("2026-11-30T04:00:00Z").toEpochMilli());
    return event;
  }
}
