package io.switchboard.application.trunk;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.domain.org.Scope;

/** One trunk of the caller's organization, with the agent bound on its channel. */
public final class GetTrunkService implements GetTrunkUseCase {
  private final UseCaseSteps steps;
  private final TrunkLookup lookup;

  public GetTrunkService(UseCaseSteps steps, TrunkLookup lookup) {
    this.steps = steps;
    this.lookup = lookup;
  }

  @Override
  public TrunkView get(RequestContext ctx, TrunkRef ref) {
    return steps.inTransaction(
        ctx, Scope.NUMBERS_READ, () -> lookup.view(ctx, lookup.find(ctx.organizationId(), ref)));
  }
}
