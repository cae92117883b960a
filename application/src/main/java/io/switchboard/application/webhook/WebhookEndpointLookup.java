package io.switchboard.application.webhook;

import io.switchboard.application.port.WebhookEndpointRepository;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.webhook.WebhookEndpoint;
import io.switchboard.domain.webhook.WebhookEndpointId;

/** Finds an organization's endpoint or says it is not found (another's is never revealed). */
public final class WebhookEndpointLookup {
  private final WebhookEndpointRepository endpoints;

  public WebhookEndpointLookup(WebhookEndpointRepository endpoints) {
    this.endpoints = endpoints;
  }

  public WebhookEndpoint find(OrganizationId org, WebhookEndpointId id) {
    return endpoints.findById(org, id).orElseThrow(() -> notFound(id));
  }

  public WebhookEndpoint lock(OrganizationId org, WebhookEndpointId id) {
    return endpoints.lock(org, id).orElseThrow(() -> notFound(id));
  }

  static NotFoundException notFound(WebhookEndpointId id) {
    return NotFoundException.of(Reason.WEBHOOK_ENDPOINT_NOT_FOUND, id.toString());
  }
}
