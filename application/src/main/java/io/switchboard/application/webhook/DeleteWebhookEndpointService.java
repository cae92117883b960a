package io.switchboard.application.webhook;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.WebhookEndpointRepository;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.webhook.WebhookEndpointId;

public final class DeleteWebhookEndpointService implements DeleteWebhookEndpointUseCase {
  private final WebhookEndpointRepository endpoints;
  private final UseCaseSteps steps;

  public DeleteWebhookEndpointService(WebhookEndpointRepository endpoints, UseCaseSteps steps) {
    this.endpoints = endpoints;
    this.steps = steps;
  }

  @Override
  public void delete(RequestContext ctx, WebhookEndpointId id) {
    steps.inTransaction(
        ctx,
        Scope.NUMBERS_WRITE,
        () -> {
          if (!endpoints.delete(ctx.organizationId(), id)) {
            throw WebhookEndpointLookup.notFound(id);
          }
          return null;
        });
  }
}
