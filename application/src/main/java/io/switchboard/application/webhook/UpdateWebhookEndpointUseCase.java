package io.switchboard.application.webhook;

import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.webhook.WebhookEndpointId;
import io.switchboard.domain.webhook.WebhookEndpointPatch;

/**
 * Changes an endpoint's URL, event types, description or enabled flag. Enabling a disabled endpoint
 * resumes its deliveries where they stopped.
 */
public interface UpdateWebhookEndpointUseCase {
  WebhookEndpointView update(RequestContext ctx, WebhookEndpointId id, WebhookEndpointPatch patch);
}
