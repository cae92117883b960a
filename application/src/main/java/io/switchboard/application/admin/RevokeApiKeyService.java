package io.switchboard.application.admin;

import io.switchboard.application.auth.AuthService;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.ApiKeyRepository;
import io.switchboard.application.port.ChangeFeed;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.org.ApiKey;
import io.switchboard.domain.org.ApiKeyId;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.org.Scope;
import java.time.Clock;

public final class RevokeApiKeyService implements RevokeApiKeyUseCase {
  private final ApiKeyRepository keys;
  private final ChangeFeed feed;
  private final UseCaseSteps steps;
  private final AuthService auth;
  private final Clock clock;

  public RevokeApiKeyService(
      ApiKeyRepository keys, ChangeFeed feed, UseCaseSteps steps, AuthService auth, Clock clock) {
    this.keys = keys;
    this.feed = feed;
    this.steps = steps;
    this.auth = auth;
    this.clock = clock;
  }

  @Override
  public ApiKey revokeApiKey(RequestContext ctx, OrganizationId organizationId, ApiKeyId keyId) {
    ApiKey revoked =
        steps.inTransaction(
            ctx,
            Scope.ADMIN,
            () -> {
              ApiKey key =
                  keys.findById(organizationId, keyId)
                      .orElseThrow(
                          () -> NotFoundException.of(Reason.API_KEY_NOT_FOUND, keyId.toString()));
              if (key.isRevoked()) {
                return key;
              }
              ApiKey next = key.revoke(clock.instant());
              keys.update(next);
              feed.append(ApiKeyEvents.keyEvent(ctx, next, ChangeAction.DELETED, clock.instant()));
              return next;
            });
    auth.invalidateCache();
    return revoked;
  }
}
