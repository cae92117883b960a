package io.switchboard.application.routing;

import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.binding.BindingChannel;
import java.util.Objects;
import java.util.Optional;

/**
 * Call routers ask where inbound traffic for a number goes. Served from a cache kept coherent by
 * the change feed.
 */
public interface ResolveInboundUseCase {
  RouteResolution resolve(RequestContext ctx, Command command);

  /**
   * @param calledNumber the number as the carrier sent it (parsed to E.164 by the use case)
   * @param caller the calling party, when known: kept for the routing policies that will screen
   *     callers with it; no answer depends on it yet
   * @param minRevision a consistency token (the revision a mutation answered with), 0 for none: the
   *     answer reflects every change up to it. A replica that has not applied it yet catches up
   *     first, within the call's deadline.
   */
  record Command(
      String calledNumber, BindingChannel channel, Optional<String> caller, long minRevision) {
    public Command {
      Objects.requireNonNull(calledNumber, "calledNumber");
      Objects.requireNonNull(channel, "channel");
      Objects.requireNonNull(caller, "caller");
    }
  }

  default RouteResolution resolve(
      RequestContext ctx,
      String calledNumber,
      BindingChannel channel,
      Optional<String> caller,
      long minRevision) {
    return resolve(ctx, new Command(calledNumber, channel, caller, minRevision));
  }

  default RouteResolution resolve(
      RequestContext ctx, String calledNumber, BindingChannel channel, Optional<String> caller) {
    return resolve(ctx, calledNumber, channel, caller, 0);
  }
}
