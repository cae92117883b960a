package io.switchboard.application.routing;

import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.org.Scope;
import java.time.Clock;

/**
 * {@link PreviewRoutingUseCase}: the router's answer for the caller's own numbers. A number the
 * organization does not hold (unknown, released, or another organization's) is not found, so a
 * preview reveals nothing about numbers outside the organization.
 */
public final class PreviewRoutingService implements PreviewRoutingUseCase {
  private final InboundResolver resolver;

  public PreviewRoutingService(RouteCache cache, Clock clock) {
    this.resolver = new InboundResolver(cache, clock);
  }

  @Override
  public RouteResolution preview(RequestContext ctx, ResolveInboundUseCase.Command command) {
    ctx.require(Scope.NUMBERS_READ);
    RouteResolution resolution = resolver.resolve(ctx, command);
    boolean own =
        resolution.number().map(n -> n.organizationId().equals(ctx.organizationId())).orElse(false);
    if (!own) {
      throw NotFoundException.of(Reason.PHONE_NUMBER_NOT_FOUND, resolution.calledNumber());
    }
    return resolution;
  }
}
