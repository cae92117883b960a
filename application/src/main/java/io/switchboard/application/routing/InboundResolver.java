package io.switchboard.application.routing;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.port.query.BoundAgent;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.routing.InboundRoutingPolicy;
import io.switchboard.domain.routing.policy.InboundCall;
import io.switchboard.domain.routing.policy.RouteFacts;
import io.switchboard.domain.routing.policy.RoutingDecision;
import io.switchboard.domain.routing.policy.RoutingPolicyEvaluation;
import io.switchboard.domain.trunk.Trunk;
import io.switchboard.domain.trunk.TrunkChannel;
import java.time.Clock;
import java.util.Optional;

/**
 * The resolution both {@link ResolveInboundService} and {@link PreviewRoutingService} give: the
 * route from the cache, and the decision of the number's policies for this call. Never reads the
 * database once the cache is loaded.
 */
final class InboundResolver {
  private final RouteCache cache;
  private final Clock clock;

  InboundResolver(RouteCache cache, Clock clock) {
    this.cache = cache;
    this.clock = clock;
  }

  /** See {@link ResolveInboundUseCase#answersFromMemory}. */
  boolean answersFromMemory(long minRevision) {
    return cache.answersFromMemory(minRevision);
  }

  RouteResolution resolve(RequestContext ctx, ResolveInboundUseCase.Command command) {
    String calledNumber = command.calledNumber();
    BindingChannel channel = command.channel();
    long minRevision = command.minRevision();
    if (minRevision < 0) {
      throw InvalidArgumentException.of("min_revision", "must not be negative");
    }
    if (command.activeCalls().isPresent() && command.activeCalls().getAsInt() < 0) {
      throw InvalidArgumentException.of("active_calls", "must not be negative");
    }
    if (minRevision > cache.appliedRevision()) {
      cache.awaitApplied(minRevision, ctx.deadline());
    }
    long revision =
        cache.appliedRevision(); // read before the entry: the entry is at least this fresh
    // The cache holds canonical numbers only, all of them valid: when the cheap syntactic form of
    // the input is one of them, parsing the input would give that same number, so libphonenumber
    // runs on cache misses only.
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
      case RouteEntry.Absent absent -> {
        boolean released = absent == RouteEntry.Absent.RELEASED_IN_QUARANTINE;
        yield new RouteResolution(
            outcome(InboundRoutingPolicy.absent(released)),
            normalized,
            channel,
            Optional.empty(),
            false,
            0,
            Optional.empty(),
            Optional.empty(),
            revision,
            RoutingPolicyEvaluation.absent(released));
      }
      case RoutedNumber n -> resolve(n, command, revision);
    };
  }

  private RouteResolution resolve(
      RoutedNumber n, ResolveInboundUseCase.Command command, long revision) {
    BindingChannel channel = command.channel();
    boolean enabled =
        n.has(RoutedNumber.INBOUND_ENABLED)
            && switch (channel) {
              case CALL -> n.has(RoutedNumber.VOICE_ENABLED);
              case SMS -> n.has(RoutedNumber.SMS_ENABLED);
              case WHATSAPP -> true;
            };
    BoundAgent agent = n.agent(channel);
    boolean withoutAgent = routedWithoutAgent(n, channel);
    RouteResolution.Outcome outcome =
        outcome(InboundRoutingPolicy.held(n.status(), enabled, agent != null, withoutAgent));
    // Agents have no disabled state of their own yet: a bound agent takes traffic.
    var facts =
        new RouteFacts(
            n.status(),
            enabled,
            Optional.ofNullable(agent).map(BoundAgent::agentId),
            true,
            withoutAgent,
            n.channelLimit(),
            n.policy(channel));
    var call =
        new InboundCall(
            InboundCall.caller(command.caller()),
            command.at().orElseGet(clock::instant),
            command.activeCalls());
    RoutingDecision decision = RoutingPolicyEvaluation.evaluate(facts, call);
    return new RouteResolution(
        outcome,
        n.number(),
        channel,
        Optional.of(n),
        enabled,
        n.channelLimit(),
        Optional.ofNullable(agent),
        trunk(n, channel),
        revision,
        decision);
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
