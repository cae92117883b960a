package io.switchboard.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TelemetryTest {

  @Test
  void spans_are_made_without_an_exporter_so_ids_reach_logs_and_answers() {
    try (Telemetry telemetry = Telemetry.start(Config.fromEnvironment(Map.of()).telemetry())) {
      Span span = telemetry.tracer().spanBuilder("probe").startSpan();
      try {
        assertThat(span.getSpanContext().isValid()).isTrue();
        assertThat(span.getSpanContext().isSampled()).isTrue();
      } finally {
        span.end();
      }
    }
  }

  @Test
  void the_standard_switch_turns_tracing_off() {
    try (Telemetry telemetry =
        Telemetry.start(Config.fromEnvironment(Map.of("OTEL_SDK_DISABLED", "true")).telemetry())) {
      Span span = telemetry.tracer().spanBuilder("probe").startSpan();
      assertThat(span.getSpanContext().isValid()).isFalse();
      span.end();
    }
  }
}
