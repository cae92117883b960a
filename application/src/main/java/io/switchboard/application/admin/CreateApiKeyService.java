package io.switchboard.application.admin;

import static io.switchboard.application.admin.BootstrapKeys.DEFAULT_ORGANIZATION;

import io.switchboard.application.auth.ApiKeySecrets;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.ApiKeyRepository;
import io.switchboard.application.port.ChangeFeed;
import io.switchboard.application.port.OrganizationRepository;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.org.ApiKey;
import io.switchboard.domain.org.ApiKeyId;
import io.switchboard.domain.org.Organization;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.org.Scope;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

public final class CreateApiKeyService implements CreateApiKeyUseCase {
  private final OrganizationRepository organizations;
  private final ApiKeyRepository keys;
  private final ChangeFeed feed;
  private final UseCaseSteps steps;
  private final Clock clock;

  public CreateApiKeyService(
      OrganizationRepository organizations,
      ApiKeyRepository keys,
      ChangeFeed feed,
      UseCaseSteps steps,
      Clock clock) {
    this.organizations = organizations;
    this.keys = keys;
    this.feed = feed;
    this.steps = steps;
    this.clock = clock;
  }

  @Override
  public CreatedApiKey createApiKey(
      RequestContext ctx, OrganizationId organizationId, String name, Set<Scope> scopes) {
    return steps.inTransaction(
        ctx,
        Scope.ADMIN,
        () -> {
          Organization org =
              organizations
                  .findById(organizationId)
                  .orElseThrow(() ->
                      NotFoundException.of(
                          Reason.ORGANIZATION_NOT_FOUND, organizationId.toString()));
          if (!org.name().equals(DEFAULT_ORGANIZATION)
              && scopes.stream().anyMatch(Scope::isInternal)) {
            // an internal scope acts on every organization (routing, trunk credentials,
            // administration): a tenant's key
            // holding one would reach the other tenants
            throw InvalidArgumentException.of(
                "scopes",
                "internal scopes act platform-wide: only keys of the platform"
                    + " organization '"
                    + DEFAULT_ORGANIZATION
                    + "' may hold them");
          }
          String secret = ApiKeySecrets.generate();
          ApiKey key =
              new ApiKey(
                  ApiKeyId.random(),
                  organizationId,
                  name,
                  ApiKeySecrets.displayPrefix(secret),
                  ApiKeySecrets.hash(secret),
                  scopes,
                  clock.instant(),
                  Optional.empty());
          keys.insert(key);
          feed.append(ApiKeyEvents.keyEvent(ctx, key, ChangeAction.CREATED, clock.instant()));
          return new CreatedApiKey(key, secret);
        });
  }
}
