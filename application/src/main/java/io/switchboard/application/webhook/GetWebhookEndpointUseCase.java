package io.switchboard.application.webhook;

import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.webhook.WebhookEndpointId;

public interface GetWebhookEndpointUseCase {
  WebhookEndpointView get(RequestContext ctx, WebhookEndpointId id);
}
