package io.switchboard.domain.webhook;

import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.routing.HttpsUrl;
import io.switchboard.domain.trunk.SealedSecret;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where an organization wants to hear about lifecycle events, and which ones. The signing secret is
 * kept sealed; after a roll the previous secret keeps signing (next to the new one) until {@code
 * previousSecretUntil}, so a receiver can switch without missing a message. {@code version} counts
 * changes of the settings (optimistic locking); the delivery engine's status changes count too.
 */
public record WebhookEndpoint(
    WebhookEndpointId id,
    OrganizationId organizationId,
    HttpsUrl url,
    Set<WebhookEventType> eventTypes,
    WebhookDescription description,
    boolean enabled,
    WebhookStatus status,
    SealedSecret secret,
    Optional<SealedSecret> previousSecret,
    Optional<Instant> previousSecretUntil,
    long version,
    Instant createdAt,
    Instant updatedAt) {

  public WebhookEndpoint {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(organizationId, "organizationId");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(previousSecret, "previousSecret");
    Objects.requireNonNull(previousSecretUntil, "previousSecretUntil");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    eventTypes = requireEventTypes(eventTypes);
    if (previousSecret.isPresent() != previousSecretUntil.isPresent()) {
      throw new IllegalArgumentException("a previous secret needs its expiry, and only it");
    }
    if (enabled == (status == WebhookStatus.DISABLED)) {
      throw new IllegalArgumentException("an endpoint is disabled exactly when it is not enabled");
    }
  }

  public static WebhookEndpoint create(
      WebhookEndpointId id,
      OrganizationId organizationId,
      HttpsUrl url,
      Set<WebhookEventType> eventTypes,
      WebhookDescription description,
      boolean enabled,
      SealedSecret secret,
      Instant now) {
    return new WebhookEndpoint(
        id,
        organizationId,
        url,
        eventTypes,
        description,
        enabled,
        enabled ? WebhookStatus.ACTIVE : WebhookStatus.DISABLED,
        secret,
        Optional.empty(),
        Optional.empty(),
        1,
        now,
        now);
  }

  /** Whether the endpoint wants this event type. */
  public boolean wants(WebhookEventType type) {
    return eventTypes.contains(type);
  }

  /**
   * The settings after a patch. Enabling a disabled endpoint makes it active again; disabling it
   * stops its deliveries.
   */
  public WebhookEndpoint apply(WebhookEndpointPatch patch, Instant now) {
    if (patch.isEmpty()) {
      return this;
    }
    boolean nextEnabled = patch.enabled().applyTo(enabled, enabled);
    WebhookStatus nextStatus =
        nextEnabled == enabled
            ? status
            : nextEnabled ? WebhookStatus.ACTIVE : WebhookStatus.DISABLED;
    return new WebhookEndpoint(
        id,
        organizationId,
        patch.url().applyTo(url, url),
        patch.eventTypes().applyTo(eventTypes, eventTypes),
        patch.description().applyTo(description, WebhookDescription.NONE),
        nextEnabled,
        nextStatus,
        secret,
        previousSecret,
        previousSecretUntil,
        version + 1,
        createdAt,
        now);
  }

  /** A new current secret; the current one keeps signing for {@code overlap}. */
  public WebhookEndpoint withRolledSecret(SealedSecret next, Instant now, Duration overlap) {
    if (overlap.isNegative()) {
      throw new IllegalArgumentException("the overlap must not be negative");
    }
    return new WebhookEndpoint(
        id,
        organizationId,
        url,
        eventTypes,
        description,
        enabled,
        status,
        next,
        Optional.of(secret),
        Optional.of(now.plus(overlap)),
        version + 1,
        createdAt,
        now);
  }

  /** The secrets that sign a message sent at {@code now}: the current one first. */
  public List<SealedSecret> signingSecrets(Instant now) {
    var secrets = new ArrayList<SealedSecret>(2);
    secrets.add(secret);
    if (previousSecret.isPresent() && now.isBefore(previousSecretUntil.orElseThrow())) {
      secrets.add(previousSecret.get());
    }
    return secrets;
  }

  /** The receiver answered 410 Gone: it wants no more messages. */
  public WebhookEndpoint disabledByReceiver(Instant now) {
    return withStatus(false, WebhookStatus.DISABLED, now);
  }

  /** A delivery ran out of its retry window. */
  public WebhookEndpoint markedFailing(Instant now) {
    return status == WebhookStatus.ACTIVE ? withStatus(true, WebhookStatus.FAILING, now) : this;
  }

  /** A delivery succeeded again. */
  public WebhookEndpoint markedActive(Instant now) {
    return status == WebhookStatus.FAILING ? withStatus(true, WebhookStatus.ACTIVE, now) : this;
  }

  private WebhookEndpoint withStatus(boolean nextEnabled, WebhookStatus next, Instant now) {
    return new WebhookEndpoint(
        id,
        organizationId,
        url,
        eventTypes,
        description,
        nextEnabled,
        next,
        secret,
        previousSecret,
        previousSecretUntil,
        version + 1,
        createdAt,
        now);
  }

  /** At least one type from the catalogue. */
  public static Set<WebhookEventType> requireEventTypes(Set<WebhookEventType> types) {
    if (types == null || types.isEmpty()) {
      throw InvalidArgumentException.of("event_types", "must name at least one event type");
    }
    return Collections.unmodifiableSet(EnumSet.copyOf(types));
  }
}
