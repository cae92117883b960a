package io.switchboard.application.webhook;

import io.switchboard.domain.webhook.WebhookEndpointId;
import java.time.Duration;

/**
 * What the delivery engine reports for metrics (kept out of the application's dependencies: the
 * process implements it).
 */
public interface WebhookDeliveryObserver {
  WebhookDeliveryObserver NONE =
      new WebhookDeliveryObserver() {
        @Override
        public void attempted(WebhookEndpointId endpoint, Outcome outcome, Duration latency) {}

        @Override
        public void backlog(WebhookEndpointId endpoint, long pending) {}
      };

  /** How an attempt went. */
  enum Outcome {
    /** 2xx. */
    SUCCEEDED,
    /** Failed; tried again later. */
    RETRYING,
    /** Failed, and its retry window is over. */
    FAILED,
    /** 410 Gone: the endpoint is disabled. */
    GONE
  }

  void attempted(WebhookEndpointId endpoint, Outcome outcome, Duration latency);

  /** How many messages of an endpoint this replica delivers wait to be delivered. */
  void backlog(WebhookEndpointId endpoint, long pending);
}
