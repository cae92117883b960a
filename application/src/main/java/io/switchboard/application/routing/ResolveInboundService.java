package io.switchboard.application.routing;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.port.query.BoundAgent;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.routing.InboundRoutingPolicy;
import io.switchboard.domain.trunk.Trunk;
import io.switchboard.domain.trunk.TrunkChannel;
import java.util.Optional;

/**
 * Inbound route resolution for call routers. Platform-wide: a router does not know the organization
 * before it asks, so it needs the internal routing scope.
 */
public final class ResolveInboundService implements ResolveInboundUseCase {
  private final RouteCache cache;

  public ResolveInboundService(RouteCache cache) {
    this.cache = cache;
  }

  @Override
  public RouteResolution resolve(RequestContext ctx, Command command) {
    ctx.require(Scope.ROUTING);
    String calledNumber = command.calledNumber();
    BindingChannel channel = command.channel();
    long minRevision = command.minRevision();
    // command.caller() is not screened yet (the routing-policies issue will); the answer does not
    // depend on it
    if (minRevision < 0) {
      throw InvalidArgumentException.of("min_revision", "must not be negative");
    }
    if (minRevision > cache.appliedRevision()) {
      cache.awaitApplied(minRevision, ctx.deadline());
    }
    long revision =
        cache.appliedRevision(); // read before the entry: the entry is at least this fresh
    // The cache holds canonical numbers only, all of them valid: when the cheap syntactic form of
    // the input is one of
    // them, parsing the input would give that same number, so libphonenumber runs on cache misses
    // only.
    String normalized = E164.normalize(calledNumber).orElse(null);
    RouteEntry entry = normalized == null ? null : cache.cached(normalized);
    if (entry == null) {
      E164 number;
      try {
        number = E164.parse(calledNumber);
      } catch (InvalidArgumentException e) {
        throw e.under("called_number");
      }
      normalized = number.value();
      entry = cache.get(number);
    }
    return switch (entry) {
      case RouteEntry.Absent absent ->
          new RouteResolution(
              outcome(
                  InboundRoutingPolicy.absent(absent == RouteEntry.Absent.RELEASED_IN_QUARANTINE)),
              normalized,
              channel,
              Optional.empty(),
              false,
              0,
              Optional.empty(),
              Optional.empty(),
              revision);
      case RoutedNumber n -> resolve(n, channel, revision);
    };
  }

  private static RouteResolution resolve(RoutedNumber n, BindingChannel channel, long revision) {
    boolean enabled =
        n.has(RoutedNumber.INBOUND_ENABLED)
            && switch (channel) {
              case CALL -> n.has(RoutedNumber.VOICE_ENABLED);
              case SMS -> n.has(RoutedNumber.SMS_ENABLED);
              case WHATSAPP -> true;
            };
    BoundAgent agent = n.agent(channel);
    RouteResolution.Outcome outcome =
        outcome(
            InboundRoutingPolicy.held(
                n.status(), enabled, agent != null, routedWithoutAgent(n, channel)));
    return new RouteResolution(
        outcome,
        n.number(),
        channel,
        Optional.of(n),
        enabled,
        n.channelLimit(),
        Optional.ofNullable(agent),
        trunk(n, channel),
        revision);
  }

  private static RouteResolution.Outcome outcome(InboundRoutingPolicy.Outcome decided) {
    return switch (decided) {
      case ROUTABLE -> RouteResolution.Outcome.ROUTABLE;
      case UNKNOWN_NUMBER -> RouteResolution.Outcome.UNKNOWN_NUMBER;
      case NUMBER_RELEASED -> RouteResolution.Outcome.NUMBER_RELEASED;
      case NUMBER_INACTIVE -> RouteResolution.Outcome.NUMBER_INACTIVE;
      case CHANNEL_DISABLED -> RouteResolution.Outcome.CHANNEL_DISABLED;
      case NO_AGENT_BOUND -> RouteResolution.Outcome.NO_AGENT_BOUND;
    };
  }

  /**
   * Calls and WhatsApp messages of a BYO number go through its trunk of that channel; SMS never
   * does.
   */
  private static Optional<Trunk> trunk(RoutedNumber n, BindingChannel channel) {
    if (channel == BindingChannel.SMS || n.trunks().isEmpty()) {
      return Optional.empty();
    }
    TrunkChannel wanted =
        channel == BindingChannel.CALL ? TrunkChannel.CALL : TrunkChannel.WHATSAPP;
    for (Trunk t : n.trunks()) {
      if (t.channel() == wanted) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /**
   * Messages can go to the inbound URL, and calls to a webhook that fetches the agent, instead of a
   * bound agent.
   */
  private static boolean routedWithoutAgent(RoutedNumber n, BindingChannel channel) {
    return switch (channel) {
      case SMS -> n.inboundUrl().isPresent();
      case CALL -> n.has(RoutedNumber.CALL_CONNECTION_WEBHOOK);
      case WHATSAPP -> false;
    };
  }
}
