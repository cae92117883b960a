package io.switchboard.application.webhook;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.WebhookDeliveryRepository;
import io.switchboard.application.port.query.Page;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.webhook.WebhookDelivery;
import io.switchboard.domain.webhook.WebhookEndpointId;
import java.util.Optional;

public final class ListWebhookDeliveriesService implements ListWebhookDeliveriesUseCase {
  private final WebhookDeliveryRepository deliveries;
  private final WebhookEndpointLookup lookup;
  private final UseCaseSteps steps;

  public ListWebhookDeliveriesService(
      WebhookDeliveryRepository deliveries, WebhookEndpointLookup lookup, UseCaseSteps steps) {
    this.deliveries = deliveries;
    this.lookup = lookup;
    this.steps = steps;
  }

  @Override
  public Page<WebhookDelivery, Long> list(
      RequestContext ctx,
      WebhookEndpointId endpointId,
      int pageSize,
      Optional<Long> beforeRevision) {
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw InvalidArgumentException.of("page_size", "must be between 1 and " + MAX_PAGE_SIZE);
    }
    return steps.inTransaction(
        ctx,
        Scope.NUMBERS_READ,
        () -> {
          lookup.find(ctx.organizationId(), endpointId);
          return deliveries.list(ctx.organizationId(), endpointId, pageSize, beforeRevision);
        });
  }
}
