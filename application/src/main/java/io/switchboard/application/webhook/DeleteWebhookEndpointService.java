package io.switchboard.application.webhook;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.WebhookEndpointRepository;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.Changes;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.webhook.WebhookEndpoint;
import io.switchboard.domain.webhook.WebhookEndpointId;
import java.util.Map;
import java.util.Optional;

public final class DeleteWebhookEndpointService implements DeleteWebhookEndpointUseCase {
  private final WebhookEndpointRepository endpoints;
  private final WebhookEndpointLookup lookup;
  private final UseCaseSteps steps;

  public DeleteWebhookEndpointService(
      WebhookEndpointRepository endpoints, WebhookEndpointLookup lookup, UseCaseSteps steps) {
    this.endpoints = endpoints;
    this.lookup = lookup;
    this.steps = steps;
  }

  @Override
  public void delete(RequestContext ctx, WebhookEndpointId id) {
    steps.inTransaction(
        ctx,
        Scope.NUMBERS_WRITE,
        () -> {
          // locked, so the audit records the settings the endpoint had when it went
          WebhookEndpoint deleted = lookup.lock(ctx.organizationId(), id);
          if (!endpoints.delete(ctx.organizationId(), id)) {
            throw WebhookEndpointLookup.notFound(id);
          }
          steps.record(
              ctx,
              ResourceType.WEBHOOK_ENDPOINT,
              deleted.id().toString(),
              Optional.empty(),
              ChangeAction.DELETED,
              Changes.diff(Changes.describe(deleted), Map.of()));
          return null;
        });
  }
}
