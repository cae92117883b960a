package io.switchboard.application.webhook;

import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.webhook.WebhookDelivery;
import io.switchboard.domain.webhook.WebhookEndpointId;

/**
 * Sends a message again, as soon as the engine gets to it, with a fresh retry window: the same
 * {@code webhook-id} and body, so a receiver that has it already can tell. The endpoint must be
 * enabled for it to go out.
 */
public interface ReplayWebhookDeliveryUseCase {
  WebhookDelivery replay(RequestContext ctx, WebhookEndpointId endpointId, String deliveryId);
}
