package io.switchboard.application.trunk;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.TrunkRepository;
import io.switchboard.application.port.query.Page;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.trunk.TrunkChannel;
import io.switchboard.domain.trunk.TrunkId;
import java.util.Optional;

/** A page of the organization's trunks, keyset-paged by id. */
public final class ListTrunksService implements ListTrunksUseCase {
  private final TrunkRepository trunks;
  private final UseCaseSteps steps;
  private final TrunkLookup lookup;

  public ListTrunksService(TrunkRepository trunks, UseCaseSteps steps, TrunkLookup lookup) {
    this.trunks = trunks;
    this.steps = steps;
    this.lookup = lookup;
  }

  @Override
  public Page<TrunkView, TrunkId> list(
      RequestContext ctx, Optional<TrunkChannel> channel, int pageSize, Optional<TrunkId> after) {
    ctx.require(Scope.NUMBERS_READ);
    if (pageSize < 1 || pageSize > 1000) {
      throw InvalidArgumentException.of("page_size", "must be between 1 and 1000");
    }
    return steps.inTransaction(
        ctx,
        Scope.NUMBERS_READ,
        () ->
            trunks
                .list(ctx.organizationId(), channel, pageSize, after)
                .map(t -> lookup.view(ctx, t)));
  }
}
