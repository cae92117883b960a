package io.switchboard.domain.webhook;

import io.switchboard.domain.org.OrganizationId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One message for one endpoint: the change event at {@code revision}, its signed-over body fixed
 * when the message was made (so retries and replays send the same bytes under the same {@code id},
 * which receivers deduplicate on), and how its attempts went. Messages of one resource ({@code
 * resourceKey}) go out in revision order; other resources never wait for them. The retry window
 * runs from {@code windowStart} (creation, or the last replay).
 */
public record WebhookDelivery(
    String id,
    WebhookEndpointId endpointId,
    OrganizationId organizationId,
    long revision,
    WebhookEventType eventType,
    String resourceKey,
    String body,
    WebhookDeliveryStatus status,
    int attempts,
    Optional<Instant> nextAttemptAt,
    Optional<Integer> lastStatusCode,
    Optional<Duration> lastLatency,
    Optional<String> lastError,
    Instant createdAt,
    Instant windowStart,
    Optional<Instant> lastAttemptAt) {

  public static final int MAX_ERROR_LENGTH = 500;

  public WebhookDelivery {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(endpointId, "endpointId");
    Objects.requireNonNull(organizationId, "organizationId");
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(resourceKey, "resourceKey");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    Objects.requireNonNull(lastStatusCode, "lastStatusCode");
    Objects.requireNonNull(lastLatency, "lastLatency");
    Objects.requireNonNull(lastError, "lastError");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(windowStart, "windowStart");
    Objects.requireNonNull(lastAttemptAt, "lastAttemptAt");
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must not be negative");
    }
    if ((status == WebhookDeliveryStatus.PENDING) != nextAttemptAt.isPresent()) {
      throw new IllegalArgumentException("exactly a pending delivery has a next attempt");
    }
    lastError = lastError.map(WebhookDelivery::clip);
  }

  /**
   * The message id of an endpoint's message for a revision: the same whoever makes it, so two
   * replicas that both made it store (and send) one message.
   */
  public static String messageId(WebhookEndpointId endpoint, long revision) {
    return "msg_"
        + UUID.nameUUIDFromBytes(
                (endpoint.value() + "/" + revision).getBytes(StandardCharsets.UTF_8))
            .toString()
            .replace("-", "");
  }

  public static WebhookDelivery create(
      WebhookEndpoint endpoint,
      long revision,
      WebhookEventType type,
      String resourceKey,
      String body,
      Instant now) {
    return new WebhookDelivery(
        messageId(endpoint.id(), revision),
        endpoint.id(),
        endpoint.organizationId(),
        revision,
        type,
        resourceKey,
        body,
        WebhookDeliveryStatus.PENDING,
        0,
        Optional.of(now),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        now,
        now,
        Optional.empty());
  }

  public WebhookDelivery succeeded(int statusCode, Duration latency, Instant at) {
    return attempted(
        WebhookDeliveryStatus.SUCCEEDED,
        Optional.empty(),
        Optional.of(statusCode),
        latency,
        Optional.empty(),
        at);
  }

  /** A failed attempt; retried at {@code nextAttempt}, or failed for good when there is none. */
  public WebhookDelivery failed(
      Optional<Integer> statusCode,
      Duration latency,
      Optional<String> error,
      Optional<Instant> nextAttempt,
      Instant at) {
    return attempted(
        nextAttempt.isPresent() ? WebhookDeliveryStatus.PENDING : WebhookDeliveryStatus.FAILED,
        nextAttempt,
        statusCode,
        latency,
        error,
        at);
  }

  /** Sent again from now, with a fresh retry window; the message id and body stay the same. */
  public WebhookDelivery replayed(Instant now) {
    return new WebhookDelivery(
        id,
        endpointId,
        organizationId,
        revision,
        eventType,
        resourceKey,
        body,
        WebhookDeliveryStatus.PENDING,
        attempts,
        Optional.of(now),
        lastStatusCode,
        lastLatency,
        lastError,
        createdAt,
        now,
        lastAttemptAt);
  }

  private WebhookDelivery attempted(
      WebhookDeliveryStatus next,
      Optional<Instant> nextAttempt,
      Optional<Integer> statusCode,
      Duration latency,
      Optional<String> error,
      Instant at) {
    return new WebhookDelivery(
        id,
        endpointId,
        organizationId,
        revision,
        eventType,
        resourceKey,
        body,
        next,
        attempts + 1,
        nextAttempt,
        statusCode,
        Optional.of(latency),
        error,
        createdAt,
        windowStart,
        Optional.of(at));
  }

  private static String clip(String error) {
    return error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH);
  }
}
