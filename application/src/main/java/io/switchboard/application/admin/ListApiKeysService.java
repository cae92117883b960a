package io.switchboard.application.admin;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.ApiKeyRepository;
import io.switchboard.domain.org.ApiKey;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.org.Scope;
import java.util.List;

public final class ListApiKeysService implements ListApiKeysUseCase {
  private final ApiKeyRepository keys;
  private final UseCaseSteps steps;

  public ListApiKeysService(ApiKeyRepository keys, UseCaseSteps steps) {
    this.keys = keys;
    this.steps = steps;
  }

  @Override
  public List<ApiKey> listApiKeys(RequestContext ctx, OrganizationId organizationId) {
    return steps.inTransaction(ctx, Scope.ADMIN, () -> keys.list(organizationId));
  }
}
