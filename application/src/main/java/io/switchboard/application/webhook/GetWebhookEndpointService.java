package io.switchboard.application.webhook;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.webhook.WebhookEndpointId;

public final class GetWebhookEndpointService implements GetWebhookEndpointUseCase {
  private final WebhookEndpointLookup lookup;
  private final UseCaseSteps steps;

  public GetWebhookEndpointService(WebhookEndpointLookup lookup, UseCaseSteps steps) {
    this.lookup = lookup;
    this.steps = steps;
  }

  @Override
  public WebhookEndpointView get(RequestContext ctx, WebhookEndpointId id) {
    return steps.read(
        ctx,
        Scope.NUMBERS_READ,
        () -> WebhookEndpointView.of(lookup.find(ctx.organizationId(), id)));
  }
}
