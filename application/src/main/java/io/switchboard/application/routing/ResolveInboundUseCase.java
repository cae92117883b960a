package io.switchboard.application.routing;

import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.binding.BindingChannel;
import java.util.Optional;

/** Call routers ask where inbound traffic for a number goes. Served from a cache kept coherent by the change feed. */
public interface ResolveInboundUseCase {
  /**
   * @param minRevision a consistency token (the revision a mutation answered with), 0 for none: the answer reflects
   *     every change up to it. A replica that has not applied it yet catches up first, within the call's deadline.
   */
  RouteResolution resolve(RequestContext ctx, String calledNumber, BindingChannel channel, Optional<String> caller,
      long minRevision);

  default RouteResolution resolve(RequestContext ctx, String calledNumber, BindingChannel channel,
      Optional<String> caller) {
    return resolve(ctx, calledNumber, channel, caller, 0);
  }
}
