package io.switchboard.application.routing;

import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.binding.BindingChannel;
import java.util.Optional;

/** Call routers ask where inbound traffic for a number goes. Served from a cache kept coherent by the change feed. */
public interface ResolveInboundUseCase {
  RouteResolution resolve(RequestContext ctx, String calledNumber, BindingChannel channel, Optional<String> caller);
}
