package io.switchboard.application.webhook;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.port.query.Page;
import io.switchboard.domain.webhook.WebhookDelivery;
import io.switchboard.domain.webhook.WebhookEndpointId;
import java.util.Optional;

/**
 * An endpoint's delivery log, newest message first: each message's status, attempts, last status
 * code and latency, and when it is tried next.
 */
public interface ListWebhookDeliveriesUseCase {
  int MAX_PAGE_SIZE = 100;

  Page<WebhookDelivery, Long> list(
      RequestContext ctx,
      WebhookEndpointId endpointId,
      int pageSize,
      Optional<Long> beforeRevision);
}
