package io.switchboard.application.webhook;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.WebhookEndpointRepository;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.Changes;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.routing.HttpsUrl;
import io.switchboard.domain.routing.OutboundTargetPolicy;
import io.switchboard.domain.webhook.WebhookEndpoint;
import io.switchboard.domain.webhook.WebhookEndpointId;
import io.switchboard.domain.webhook.WebhookEndpointPatch;
import java.time.Clock;
import java.util.Optional;

public final class UpdateWebhookEndpointService implements UpdateWebhookEndpointUseCase {
  private final WebhookEndpointRepository endpoints;
  private final WebhookEndpointLookup lookup;
  private final UseCaseSteps steps;
  private final Clock clock;
  private final OutboundTargetPolicy outbound;

  public UpdateWebhookEndpointService(
      WebhookEndpointRepository endpoints,
      WebhookEndpointLookup lookup,
      UseCaseSteps steps,
      Clock clock,
      OutboundTargetPolicy outbound) {
    this.endpoints = endpoints;
    this.lookup = lookup;
    this.steps = steps;
    this.clock = clock;
    this.outbound = outbound;
  }

  @Override
  public WebhookEndpointView update(
      RequestContext ctx, WebhookEndpointId id, WebhookEndpointPatch patch) {
    if (patch.url() instanceof Patch.Set<HttpsUrl> url) {
      outbound.require(url.value());
    }
    return steps.inTransaction(
        ctx,
        Scope.NUMBERS_WRITE,
        () -> {
          WebhookEndpoint current = lookup.lock(ctx.organizationId(), id);
          WebhookEndpoint next = current.apply(patch, clock.instant());
          if (next != current) {
            endpoints.update(next);
            steps.record(
                ctx,
                ResourceType.WEBHOOK_ENDPOINT,
                next.id().toString(),
                Optional.empty(),
                ChangeAction.UPDATED,
                Changes.diff(current, next));
          }
          return WebhookEndpointView.of(next);
        });
  }
}
