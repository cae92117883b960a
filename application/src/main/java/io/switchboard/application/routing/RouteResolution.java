package io.switchboard.application.routing;

import io.switchboard.application.port.query.BoundAgent;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.trunk.Trunk;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to "traffic arrived for this number on this channel: where does it go?". When {@link
 * #outcome} is not {@code ROUTABLE} it says precisely why not; the number is present whenever it is
 * known. {@code revision}: the change-feed revision the answer reflects at least.
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
    long revision) {

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
  }

  public boolean routable() {
    return outcome == Outcome.ROUTABLE;
  }
}
