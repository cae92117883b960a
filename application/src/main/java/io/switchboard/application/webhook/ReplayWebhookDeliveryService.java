package io.switchboard.application.webhook;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.WebhookDeliveryRepository;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.webhook.WebhookDelivery;
import io.switchboard.domain.webhook.WebhookEndpointId;
import java.time.Clock;

public final class ReplayWebhookDeliveryService implements ReplayWebhookDeliveryUseCase {
  private final WebhookDeliveryRepository deliveries;
  private final WebhookEndpointLookup lookup;
  private final UseCaseSteps steps;
  private final Clock clock;

  public ReplayWebhookDeliveryService(
      WebhookDeliveryRepository deliveries,
      WebhookEndpointLookup lookup,
      UseCaseSteps steps,
      Clock clock) {
    this.deliveries = deliveries;
    this.lookup = lookup;
    this.steps = steps;
    this.clock = clock;
  }

  @Override
  public WebhookDelivery replay(
      RequestContext ctx, WebhookEndpointId endpointId, String deliveryId) {
    return steps.inTransaction(
        ctx,
        Scope.NUMBERS_WRITE,
        () -> {
          lookup.lock(ctx.organizationId(), endpointId);
          WebhookDelivery delivery =
              deliveries
                  .find(ctx.organizationId(), endpointId, deliveryId)
                  .orElseThrow(
                      () -> NotFoundException.of(Reason.WEBHOOK_DELIVERY_NOT_FOUND, deliveryId));
          WebhookDelivery replayed = delivery.replayed(clock.instant());
          deliveries.update(replayed);
          return replayed;
        });
  }
}
