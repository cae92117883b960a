package io.switchboard.application.webhook;

import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.routing.HttpsUrl;
import io.switchboard.domain.webhook.WebhookDescription;
import io.switchboard.domain.webhook.WebhookEndpoint;
import io.switchboard.domain.webhook.WebhookEventType;
import java.util.Objects;
import java.util.Set;

/**
 * Registers an https endpoint for some lifecycle event types. It hears about changes committed from
 * now on. The signing secret is in the answer, and only there: it is never shown again.
 */
public interface CreateWebhookEndpointUseCase {
  Created create(RequestContext ctx, Command command);

  record Command(
      HttpsUrl url,
      Set<WebhookEventType> eventTypes,
      WebhookDescription description,
      boolean enabled) {
    public Command {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(description, "description");
      eventTypes = WebhookEndpoint.requireEventTypes(eventTypes);
    }
  }

  /** The endpoint and its signing secret ({@code whsec_...}). */
  record Created(WebhookEndpointView endpoint, String secret) {
    @Override
    public String toString() {
      return "Created[endpoint=" + endpoint + ", secret=(secret)]";
    }
  }
}
