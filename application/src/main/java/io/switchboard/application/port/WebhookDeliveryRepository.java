package io.switchboard.application.port;

import io.switchboard.application.port.query.Page;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.webhook.WebhookDelivery;
import io.switchboard.domain.webhook.WebhookEndpointId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The messages made for webhook endpoints and how their attempts went (the delivery log). */
public interface WebhookDeliveryRepository {
  /**
   * Stores a new message unless the endpoint has one for its revision already (another replica made
   * it); whether it stored it.
   */
  boolean insertIfAbsent(WebhookDelivery delivery);

  /**
   * The messages due at {@code now}: of each resource's pending messages the one of the lowest
   * revision, when its next attempt is due; at most {@code limit}, the longest waiting first. A
   * resource whose head is waiting for a retry holds back only its own later messages.
   */
  List<WebhookDelivery> due(WebhookEndpointId endpointId, Instant now, int limit);

  /** Records an attempt or a replay (same id). */
  void update(WebhookDelivery delivery);

  Optional<WebhookDelivery> find(
      OrganizationId organizationId, WebhookEndpointId endpointId, String deliveryId);

  /** The endpoint's delivery log, newest message first, keyset paged by revision. */
  Page<WebhookDelivery, Long> list(
      OrganizationId organizationId,
      WebhookEndpointId endpointId,
      int pageSize,
      Optional<Long> beforeRevision);

  /** How many of the endpoint's messages wait to be delivered. */
  long backlog(WebhookEndpointId endpointId);
}
