package io.switchboard.application.webhook;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.port.query.Page;
import io.switchboard.domain.webhook.WebhookEndpointId;
import java.util.Optional;

/** The organization's endpoints, oldest first, from after a given one. */
public interface ListWebhookEndpointsUseCase {
  int MAX_PAGE_SIZE = 100;

  Page<WebhookEndpointView, WebhookEndpointId> list(
      RequestContext ctx, int pageSize, Optional<WebhookEndpointId> after);
}
