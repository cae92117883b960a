package io.switchboard.bootstrap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.switchboard.application.webhook.WebhookDeliveryObserver;
import io.switchboard.domain.webhook.WebhookEndpointId;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code switchboard_webhook_deliveries_total{outcome}} (succeeded, retrying, failed, gone), {@code
 * switchboard_webhook_delivery_latency_seconds} (per attempt, answered or not) and {@code
 * switchboard_webhook_backlog{endpoint}}: the messages waiting per endpoint this replica delivers
 * (an endpoint another replica took over keeps its last value here until this one delivers it
 * again).
 */
final class WebhookMetrics implements WebhookDeliveryObserver {
  static final String DELIVERIES = "switchboard.webhook.deliveries";
  static final String LATENCY = "switchboard.webhook.delivery.latency";
  static final String BACKLOG = "switchboard.webhook.backlog";

  private final MeterRegistry registry;
  private final ConcurrentHashMap<Outcome, Counter> outcomes = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<WebhookEndpointId, AtomicLong> backlogs =
      new ConcurrentHashMap<>();
  private final Timer latency;

  WebhookMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (Outcome outcome : Outcome.values()) {
      outcomes.put(
          outcome,
          Counter.builder(DELIVERIES)
              .description("Webhook delivery attempts by outcome")
              .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
    this.latency =
        Timer.builder(LATENCY)
            .description("How long a webhook delivery attempt took")
            .publishPercentileHistogram()
            .register(registry);
  }

  @Override
  public void attempted(WebhookEndpointId endpoint, Outcome outcome, Duration took) {
    outcomes.get(outcome).increment();
    latency.record(took);
  }

  @Override
  public void backlog(WebhookEndpointId endpoint, long pending) {
    backlogs
        .computeIfAbsent(
            endpoint,
            id -> {
              AtomicLong value = new AtomicLong();
              Gauge.builder(BACKLOG, value, AtomicLong::get)
                  .description("Webhook messages waiting to be delivered, per endpoint")
                  .tag("endpoint", id.toString())
                  .register(registry);
              return value;
            })
        .set(pending);
  }
}
