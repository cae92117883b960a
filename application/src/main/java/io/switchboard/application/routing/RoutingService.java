package io.switchboard.application.routing;

import io.switchboard.application.common.BoundAgent;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.NumberStatus;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.routing.WebhookEvent;
import io.switchboard.domain.trunk.Trunk;
import io.switchboard.domain.trunk.TrunkChannel;
import java.util.Optional;

/**
 * Inbound route resolution for call routers. Platform-wide: a router does not know the organization before it asks,
 * so it needs the internal routing scope.
 */
public final class RoutingService implements ResolveInboundUseCase {
  private final RouteCache cache;

  public RoutingService(RouteCache cache) {
    this.cache = cache;
  }

  @Override
  public RouteResolution resolve(RequestContext ctx, String calledNumber, BindingChannel channel, Optional<String> caller) {
    ctx.require(Scope.ROUTING);
    E164 number;
    try {
      number = E164.parse(calledNumber);
    } catch (InvalidArgumentException e) {
      throw e.under("called_number");
    }
    RouteEntry entry = cache.get(number);
    if (entry.held().isEmpty()) {
      return new RouteResolution(entry.releasedInQuarantine() ? RouteResolution.Outcome.NUMBER_RELEASED
          : RouteResolution.Outcome.UNKNOWN_NUMBER, number.value(), channel, Optional.empty(), false, 0,
          Optional.empty(), Optional.empty());
    }
    PhoneNumberView view = entry.held().get();
    PhoneNumber n = view.number();
    Optional<Trunk> trunk = entry.trunks().stream()
        .filter(t -> channel != BindingChannel.SMS && t.channel() == (channel == BindingChannel.CALL ? TrunkChannel.CALL
            : TrunkChannel.WHATSAPP))
        .findFirst();
    var settings = n.channelSettings();
    boolean enabled = settings.inbound().enabled() && switch (channel) {
      case CALL -> settings.voice().enabled();
      case SMS -> settings.sms().enabled();
      case WHATSAPP -> true;
    };
    int limit = settings.inbound().channelLimit().value();
    Optional<BoundAgent> agent = view.binding(channel);
    if (agent.isEmpty() && channel == BindingChannel.CALL && n.routing().inboundAgent().isPresent()) {
      agent = Optional.of(new BoundAgent(BindingChannel.CALL, n.routing().inboundAgent().get(), Optional.empty(),
          n.updatedAt()));
    }
    RouteResolution.Outcome outcome;
    if (n.status() != NumberStatus.ACTIVE) {
      outcome = RouteResolution.Outcome.NUMBER_INACTIVE;
    } else if (!enabled) {
      outcome = RouteResolution.Outcome.CHANNEL_DISABLED;
    } else if (agent.isEmpty() && !routedWithoutAgent(n, channel)) {
      outcome = RouteResolution.Outcome.NO_AGENT_BOUND;
    } else {
      outcome = RouteResolution.Outcome.ROUTABLE;
    }
    return new RouteResolution(outcome, number.value(), channel, Optional.of(n), enabled, limit, agent, trunk);
  }

  /** Messages can go to the inbound URL, and calls to a webhook that fetches the agent, instead of a bound agent. */
  private static boolean routedWithoutAgent(PhoneNumber n, BindingChannel channel) {
    return switch (channel) {
      case SMS -> n.routing().inboundUrl().isPresent();
      case CALL -> n.routing().webhooks().stream()
          .anyMatch(w -> w.events().contains(WebhookEvent.PHONE_CALL_CONNECTION_REQUESTED));
      case WHATSAPP -> false;
    };
  }

}
