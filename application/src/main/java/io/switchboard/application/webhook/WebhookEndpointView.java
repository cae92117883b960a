package io.switchboard.application.webhook;

import io.switchboard.domain.routing.HttpsUrl;
import io.switchboard.domain.webhook.WebhookDescription;
import io.switchboard.domain.webhook.WebhookEndpoint;
import io.switchboard.domain.webhook.WebhookEndpointId;
import io.switchboard.domain.webhook.WebhookEventType;
import io.switchboard.domain.webhook.WebhookStatus;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** An endpoint as its owner sees it: everything but the secrets. */
public record WebhookEndpointView(
    WebhookEndpointId id,
    HttpsUrl url,
    Set<WebhookEventType> eventTypes,
    WebhookDescription description,
    boolean enabled,
    WebhookStatus status,
    Optional<Instant> previousSecretUntil,
    Instant createdAt,
    Instant updatedAt) {

  public static WebhookEndpointView of(WebhookEndpoint e) {
    return new WebhookEndpointView(
        e.id(),
        e.url(),
        e.eventTypes(),
        e.description(),
        e.enabled(),
        e.status(),
        e.previousSecretUntil(),
        e.createdAt(),
        e.updatedAt());
  }
}
