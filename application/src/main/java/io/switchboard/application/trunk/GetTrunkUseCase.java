package io.switchboard.application.trunk;

import io.switchboard.application.common.Page;
import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.trunk.TrunkChannel;
import io.switchboard.domain.trunk.TrunkId;
import java.util.Optional;

public interface GetTrunkUseCase {
  TrunkView get(RequestContext ctx, TrunkRef ref);

  Page<TrunkView, TrunkId> list(RequestContext ctx, Optional<TrunkChannel> channel, int pageSize, Optional<TrunkId> after);
}
