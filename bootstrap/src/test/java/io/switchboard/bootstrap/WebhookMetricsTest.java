package io.switchboard.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.application.webhook.WebhookDeliveryObserver.Outcome;
import io.switchboard.domain.webhook.WebhookEndpointId;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebhookMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final WebhookMetrics metrics = new WebhookMetrics(registry);

  @Test
  void attempts_are_counted_by_outcome_and_timed() {
    WebhookEndpointId endpoint = WebhookEndpointId.random();

    metrics.attempted(endpoint, Outcome.RETRYING, Duration.ofMillis(30));
    metrics.attempted(endpoint, Outcome.SUCCEEDED, Duration.ofMillis(10));
    metrics.attempted(endpoint, Outcome.SUCCEEDED, Duration.ofMillis(20));

    assertThat(
            registry.get(WebhookMetrics.DELIVERIES).tag("outcome", "succeeded").counter().count())
        .isEqualTo(2);
    assertThat(registry.get(WebhookMetrics.DELIVERIES).tag("outcome", "retrying").counter().count())
        .isEqualTo(1);
    assertThat(registry.get(WebhookMetrics.DELIVERIES).tag("outcome", "gone").counter().count())
        .isZero();
    assertThat(registry.get(WebhookMetrics.LATENCY).timer().count()).isEqualTo(3);
  }

  @Test
  void the_backlog_is_a_gauge_per_endpoint_holding_its_latest_value() {
    WebhookEndpointId first = WebhookEndpointId.random();
    WebhookEndpointId second = WebhookEndpointId.random();

    metrics.backlog(first, 12);
    metrics.backlog(second, 3);
    metrics.backlog(first, 5);

    assertThat(
            registry.get(WebhookMetrics.BACKLOG).tag("endpoint", first.toString()).gauge().value())
        .isEqualTo(5);
    assertThat(
            registry.get(WebhookMetrics.BACKLOG).tag("endpoint", second.toString()).gauge().value())
        .isEqualTo(3);
  }
}
