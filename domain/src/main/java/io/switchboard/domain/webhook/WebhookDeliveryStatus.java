package io.switchboard.domain.webhook;

/**
 * {@code PENDING} waits for its (next) attempt; {@code SUCCEEDED} got a 2xx; {@code FAILED} ran out
 * of its retry window or was refused for good (410 Gone). A failed delivery can be replayed.
 */
public enum WebhookDeliveryStatus {
  PENDING,
  SUCCEEDED,
  FAILED
}
