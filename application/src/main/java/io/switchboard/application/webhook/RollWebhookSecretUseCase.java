package io.switchboard.application.webhook;

import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.webhook.WebhookEndpointId;

/**
 * Gives an endpoint a new signing secret, shown once in the answer. Messages are signed with both
 * the new and the previous secret for the overlap (24 h unless configured), so the receiver can
 * switch without rejecting a message; a second roll within the overlap retires the oldest secret.
 */
public interface RollWebhookSecretUseCase {
  Rolled roll(RequestContext ctx, WebhookEndpointId id);

  record Rolled(WebhookEndpointView endpoint, String secret) {
    @Override
    public String toString() {
      return "Rolled[endpoint=" + endpoint + ", secret=(secret)]";
    }
  }
}
