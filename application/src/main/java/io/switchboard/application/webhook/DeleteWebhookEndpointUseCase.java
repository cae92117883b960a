package io.switchboard.application.webhook;

import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.webhook.WebhookEndpointId;

/** Deletes an endpoint with its delivery log; its pending messages are never sent. */
public interface DeleteWebhookEndpointUseCase {
  void delete(RequestContext ctx, WebhookEndpointId id);
}
