package io.switchboard.domain.routing;

public enum WebhookMethod {
  GET,
  POST
}
