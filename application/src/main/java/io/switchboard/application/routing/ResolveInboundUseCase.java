package io.switchboard.application.routing;

import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.binding.BindingChannel;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Call routers ask where inbound traffic for a number goes. Served from a cache kept coherent by
 * the change feed; the number's policies are evaluated there too, never against the database.
 */
public interface ResolveInboundUseCase {
  RouteResolution resolve(RequestContext ctx, Command command);

  /**
   * Whether a resolve asking for at least {@code minRevision} is answered from memory alone,
   * neither reading the database nor waiting for the cache to catch up. A transport may then run it
   * where the request arrived instead of handing it to a thread that may block. False unless an
   * implementation knows better.
   */
  default boolean answersFromMemory(long minRevision) {
    return false;
  }

  /**
   * @param calledNumber the number as the carrier sent it (parsed to E.164 by the use case)
   * @param caller the calling party, when known: screened by the number's caller screening,
   *     normalized as the called number is; absent or not a number is an anonymous caller
   * @param minRevision a consistency token (the revision a mutation answered with), 0 for none: the
   *     answer reflects every change up to it. A replica that has not applied it yet catches up
   *     first, within the call's deadline.
   * @param at when the call happens, for business hours (previews and tests); now when absent
   * @param activeCalls the router's count of the number's calls in progress, for the channel limit
   */
  record Command(
      String calledNumber,
      BindingChannel channel,
      Optional<String> caller,
      long minRevision,
      Optional<Instant> at,
      OptionalInt activeCalls) {
    public Command {
      Objects.requireNonNull(calledNumber, "calledNumber");
      Objects.requireNonNull(channel, "channel");
      Objects.requireNonNull(caller, "caller");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(activeCalls, "activeCalls");
    }

    public Command(
        String calledNumber, BindingChannel channel, Optional<String> caller, long minRevision) {
      this(calledNumber, channel, caller, minRevision, Optional.empty(), OptionalInt.empty());
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
