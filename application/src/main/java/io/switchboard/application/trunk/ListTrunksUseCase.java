package io.switchboard.application.trunk;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.port.query.Page;
import io.switchboard.domain.trunk.TrunkChannel;
import io.switchboard.domain.trunk.TrunkId;
import java.util.Optional;

/**
 * Lists the organization's trunks, optionally of one channel, in id order from after a given id.
 */
public interface ListTrunksUseCase {
  Page<TrunkView, TrunkId> list(
      RequestContext ctx, Optional<TrunkChannel> channel, int pageSize, Optional<TrunkId> after);
}
