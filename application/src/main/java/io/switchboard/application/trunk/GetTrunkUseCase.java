package io.switchboard.application.trunk;

import io.switchboard.application.common.RequestContext;

public interface GetTrunkUseCase {
  TrunkView get(RequestContext ctx, TrunkRef ref);
}
