package io.switchboard.application.webhook;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.ChangeFeed;
import io.switchboard.application.port.SecretCipher;
import io.switchboard.application.port.WebhookEndpointRepository;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.Changes;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.routing.OutboundTargetPolicy;
import io.switchboard.domain.webhook.WebhookEndpoint;
import io.switchboard.domain.webhook.WebhookEndpointId;
import io.switchboard.domain.webhook.WebhookSecret;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

public final class CreateWebhookEndpointService implements CreateWebhookEndpointUseCase {
  private final WebhookEndpointRepository endpoints;
  private final ChangeFeed feed;
  private final SecretCipher cipher;
  private final UseCaseSteps steps;
  private final Clock clock;
  private final OutboundTargetPolicy outbound;
  private final Supplier<WebhookEndpointId> ids;
  private final SecureRandom random = new SecureRandom();

  public CreateWebhookEndpointService(
      WebhookEndpointRepository endpoints,
      ChangeFeed feed,
      SecretCipher cipher,
      UseCaseSteps steps,
      Clock clock,
      OutboundTargetPolicy outbound,
      Supplier<WebhookEndpointId> ids) {
    this.endpoints = endpoints;
    this.feed = feed;
    this.cipher = cipher;
    this.steps = steps;
    this.clock = clock;
    this.outbound = outbound;
    this.ids = ids;
  }

  @Override
  public Created create(RequestContext ctx, Command command) {
    ctx.require(Scope.NUMBERS_WRITE); // before the cipher works for a caller without the scope
    outbound.require(command.url());
    WebhookSecret secret = WebhookSecret.generate(random);
    var sealed = cipher.seal(secret.value());
    return steps.inTransaction(
        ctx,
        Scope.NUMBERS_WRITE,
        () -> {
          WebhookEndpoint endpoint =
              WebhookEndpoint.create(
                  ids.get(),
                  ctx.organizationId(),
                  command.url(),
                  command.eventTypes(),
                  command.description(),
                  command.enabled(),
                  sealed,
                  clock.instant());
          // The head read inside the transaction: a change committed after it is this
          // endpoint's to hear about, one committed before is not.
          endpoints.insert(endpoint, feed.latestRevision());
          steps.record(
              ctx,
              ResourceType.WEBHOOK_ENDPOINT,
              endpoint.id().toString(),
              Optional.empty(),
              ChangeAction.CREATED,
              Changes.diff(Map.of(), Changes.describe(endpoint)));
          return new Created(WebhookEndpointView.of(endpoint), secret.value());
        });
  }
}
