package io.switchboard.application.port;

import io.switchboard.application.port.query.Page;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.trunk.SealedSecret;
import io.switchboard.domain.webhook.WebhookEndpoint;
import io.switchboard.domain.webhook.WebhookEndpointId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Webhook endpoints, each with the delivery engine's state: the revision of the change feed up to
 * which its messages have been made (its cursor) and the lease of the replica delivering it.
 */
public interface WebhookEndpointRepository {
  /** Stores a new endpoint whose messages start after {@code cursor} (the feed's head now). */
  void insert(WebhookEndpoint endpoint, long cursor);

  Optional<WebhookEndpoint> findById(OrganizationId organizationId, WebhookEndpointId id);

  /** Same, locking the row until the transaction ends. */
  Optional<WebhookEndpoint> lock(OrganizationId organizationId, WebhookEndpointId id);

  /**
   * Replaces the endpoint when the stored version is {@code endpoint.version() - 1}; a
   * ConcurrencyConflictException otherwise.
   */
  void update(WebhookEndpoint endpoint);

  /** Deletes the endpoint and its deliveries; whether it existed. */
  boolean delete(OrganizationId organizationId, WebhookEndpointId id);

  /** The organization's endpoints, oldest first, keyset paged by id. */
  Page<WebhookEndpoint, WebhookEndpointId> list(
      OrganizationId organizationId, int pageSize, Optional<WebhookEndpointId> after);

  /**
   * Leases to {@code owner}, for {@code ttl} from the database's clock, the enabled endpoints whose
   * lease is free, expired or already {@code owner}'s (renewing it), at most {@code limit}; returns
   * them. Two replicas never hold one endpoint's lease at once, so one replica delivers each.
   */
  List<WebhookEndpoint> claim(String owner, Duration ttl, int limit);

  /** Gives up {@code owner}'s leases (at shutdown, so another replica takes over at once). */
  void release(String owner);

  /** The endpoint's cursor: its messages have been made for every revision up to it. */
  long cursor(WebhookEndpointId id);

  /**
   * Moves the cursor forward to {@code revision}, while {@code owner} still holds the lease;
   * whether it did.
   */
  boolean advance(WebhookEndpointId id, String owner, long revision);

  /**
   * Signing secrets sealed under any key but {@code keyId} (current or previous secret), across
   * every organization (a key rotation is platform-wide), in endpoint id order after {@code after}.
   */
  List<SealedSecrets> sealedUnderOtherKeys(
      String keyId, Optional<WebhookEndpointId> after, int limit);

  /**
   * Replaces an endpoint's sealed secrets with the same secrets sealed again, only while they are
   * still exactly {@code before} (a roll meanwhile wins); the version does not change. Whether it
   * replaced them.
   */
  boolean replaceSealed(SealedSecrets before, SealedSecrets after);

  record SealedSecrets(
      WebhookEndpointId endpointId, SealedSecret secret, Optional<SealedSecret> previous) {}

  /**
   * The lowest cursor of an enabled endpoint: change events after it are not delivered yet, so the
   * retention purge keeps them. Empty when no endpoint is enabled.
   */
  OptionalLong lowestEnabledCursor();
}
