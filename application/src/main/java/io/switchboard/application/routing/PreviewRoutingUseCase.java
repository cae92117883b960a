package io.switchboard.application.routing;

import io.switchboard.application.common.RequestContext;

/**
 * An organization tries its own numbers' routing: the answer {@link ResolveInboundUseCase} would
 * give, policies and explanation included, with {@code numbers:read} instead of the internal
 * routing scope. Another organization's number, like an unknown one, is not found.
 */
public interface PreviewRoutingUseCase {
  RouteResolution preview(RequestContext ctx, ResolveInboundUseCase.Command command);
}
