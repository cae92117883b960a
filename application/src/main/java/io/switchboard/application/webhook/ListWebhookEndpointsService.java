package io.switchboard.application.webhook;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.WebhookEndpointRepository;
import io.switchboard.application.port.query.Page;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.webhook.WebhookEndpointId;
import java.util.Optional;

public final class ListWebhookEndpointsService implements ListWebhookEndpointsUseCase {
  private final WebhookEndpointRepository endpoints;
  private final UseCaseSteps steps;

  public ListWebhookEndpointsService(WebhookEndpointRepository endpoints, UseCaseSteps steps) {
    this.endpoints = endpoints;
    this.steps = steps;
  }

  @Override
  public Page<WebhookEndpointView, WebhookEndpointId> list(
      RequestContext ctx, int pageSize, Optional<WebhookEndpointId> after) {
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw InvalidArgumentException.of("page_size", "must be between 1 and " + MAX_PAGE_SIZE);
    }
    return steps.read(
        ctx,
        Scope.NUMBERS_READ,
        () -> endpoints.list(ctx.organizationId(), pageSize, after).map(WebhookEndpointView::of));
  }
}
