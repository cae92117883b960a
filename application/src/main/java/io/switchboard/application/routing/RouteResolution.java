package io.switchboard.application.routing;

import io.switchboard.application.port.query.BoundAgent;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.routing.policy.RoutingDecision;
import io.switchboard.domain.trunk.Trunk;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to "traffic arrived for this number on this channel: where does it go?". When {@link
 * #outcome} is not {@code ROUTABLE} it says precisely why not; the number is present whenever it is
 * known. {@code revision}: the change-feed revision the answer reflects at least.
 *
 * <p>{@link #outcome} describes the route as it stands; {@link #decision} is what to do with this
 * call once the number's policies (caller screening, business hours, fallback, concurrency) have
 * been applied, with the rules that led there. A route can be {@code ROUTABLE} and the call still
 * rejected (a denied caller), or {@code NO_AGENT_BOUND} and the call transferred (a fallback).
 */
public record RouteResolution(
    Outcome outcome,
    String calledNumber,
    BindingChannel channel,
    Optional<RoutedNumber> number,
    boolean channelEnabled,
    int channelLimit,
    Optional<BoundAgent> agent,
    Optional<Trunk> trunk,
    long revision,
    RoutingDecision decision) {

  public enum Outcome {
    ROUTABLE,
    /** No organization holds the number. */
    UNKNOWN_NUMBER,
    /** The number was released and sits in quarantine. */
    NUMBER_RELEASED,
    /** The number is held but pending or inactive. */
    NUMBER_INACTIVE,
    /** Inbound traffic or this channel is switched off on the number. */
    CHANNEL_DISABLED,
    /** Nothing would take the traffic: no agent bound, no inbound URL or agent-fetching webhook. */
    NO_AGENT_BOUND
  }

  public RouteResolution {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(calledNumber, "calledNumber");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(number, "number");
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(trunk, "trunk");
    Objects.requireNonNull(decision, "decision");
  }

  public boolean routable() {
    return outcome == Outcome.ROUTABLE;
  }
}
