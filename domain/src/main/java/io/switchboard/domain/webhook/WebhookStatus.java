package io.switchboard.domain.webhook;

/**
 * How an endpoint is doing: {@code ACTIVE} receives deliveries; {@code FAILING} still does, but a
 * delivery exhausted its retry window; {@code DISABLED} receives nothing (turned off, or its
 * receiver answered 410 Gone).
 */
public enum WebhookStatus {
  ACTIVE,
  FAILING,
  DISABLED
}
