package io.switchboard.application.webhook;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.SecretCipher;
import io.switchboard.application.port.WebhookEndpointRepository;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.Changes;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.webhook.WebhookEndpoint;
import io.switchboard.domain.webhook.WebhookEndpointId;
import io.switchboard.domain.webhook.WebhookSecret;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

public final class RollWebhookSecretService implements RollWebhookSecretUseCase {
  private final WebhookEndpointRepository endpoints;
  private final WebhookEndpointLookup lookup;
  private final SecretCipher cipher;
  private final UseCaseSteps steps;
  private final Clock clock;
  private final Duration overlap;
  private final SecureRandom random = new SecureRandom();

  public RollWebhookSecretService(
      WebhookEndpointRepository endpoints,
      WebhookEndpointLookup lookup,
      SecretCipher cipher,
      UseCaseSteps steps,
      Clock clock,
      Duration overlap) {
    if (overlap.isNegative()) {
      throw new IllegalArgumentException("the secret overlap must not be negative");
    }
    this.endpoints = endpoints;
    this.lookup = lookup;
    this.cipher = cipher;
    this.steps = steps;
    this.clock = clock;
    this.overlap = overlap;
  }

  @Override
  public Rolled roll(RequestContext ctx, WebhookEndpointId id) {
    ctx.require(Scope.NUMBERS_WRITE);
    WebhookSecret secret = WebhookSecret.generate(random);
    var sealed = cipher.seal(secret.value());
    return steps.inTransaction(
        ctx,
        Scope.NUMBERS_WRITE,
        () -> {
          WebhookEndpoint current = lookup.lock(ctx.organizationId(), id);
          WebhookEndpoint next = current.withRolledSecret(sealed, clock.instant(), overlap);
          endpoints.update(next);
          steps.record(
              ctx,
              ResourceType.WEBHOOK_ENDPOINT,
              next.id().toString(),
              Optional.empty(),
              ChangeAction.UPDATED,
              Changes.diff(current, next));
          return new Rolled(WebhookEndpointView.of(next), secret.value());
        });
  }
}
