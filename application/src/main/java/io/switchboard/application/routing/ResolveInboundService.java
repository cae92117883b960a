package io.switchboard.application.routing;

import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.org.Scope;
import java.time.Clock;

/**
 * Inbound route resolution for call routers. Platform-wide: a router does not know the organization
 * before it asks, so it needs the internal routing scope.
 */
public final class ResolveInboundService implements ResolveInboundUseCase {
  private final InboundResolver resolver;

  public ResolveInboundService(RouteCache cache, Clock clock) {
    this.resolver = new InboundResolver(cache, clock);
  }

  @Override
  public RouteResolution resolve(RequestContext ctx, Command command) {
    ctx.require(Scope.ROUTING);
    return resolver.resolve(ctx, command);
  }

  @Override
  public boolean answersFromMemory(long minRevision) {
    return resolver.answersFromMemory(minRevision);
  }
}
