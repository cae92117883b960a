package io.switchboard.application.admin;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.OrganizationRepository;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.FieldChange;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.org.Organization;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.org.Scope;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

public final class CreateOrganizationService implements CreateOrganizationUseCase {
  private final OrganizationRepository organizations;
  private final UseCaseSteps steps;
  private final Clock clock;

  public CreateOrganizationService(
      OrganizationRepository organizations, UseCaseSteps steps, Clock clock) {
    this.organizations = organizations;
    this.steps = steps;
    this.clock = clock;
  }

  @Override
  public Organization createOrganization(
      RequestContext ctx, String name, Optional<Integer> purchaseLimit) {
    return steps.inTransaction(
        ctx,
        Scope.ADMIN,
        () -> {
          Organization org =
              new Organization(
                  OrganizationId.random(),
                  name,
                  purchaseLimit.orElse(Organization.DEFAULT_PURCHASE_LIMIT),
                  clock.instant());
          organizations.insert(org);
          steps.record(
              ctx,
              ResourceType.ORGANIZATION,
              org.id().toString(),
              Optional.empty(),
              ChangeAction.CREATED,
              List.of(new FieldChange("name", Optional.empty(), Optional.of(org.name()))));
          return org;
        });
  }
}
