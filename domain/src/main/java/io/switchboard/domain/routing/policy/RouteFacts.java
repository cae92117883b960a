package io.switchboard.domain.routing.policy;

import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.number.NumberStatus;
import java.util.Objects;
import java.util.Optional;

/**
 * What the route of a held number says for one channel, as the policies need it.
 *
 * @param agent the agent bound on the channel
 * @param agentEnabled whether that agent takes traffic
 * @param routedWithoutAgent traffic reaches an agent without a binding (an inbound URL for
 *     messages, a connection webhook for calls)
 * @param channelLimit the channel's limit of concurrent sessions; 0 is "no limit set", as numbers
 *     start out
 */
public record RouteFacts(
    NumberStatus status,
    boolean channelEnabled,
    Optional<AgentId> agent,
    boolean agentEnabled,
    boolean routedWithoutAgent,
    int channelLimit,
    ChannelPolicy policy) {
  public RouteFacts {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(policy, "policy");
    if (channelLimit < 0) {
      throw new IllegalArgumentException("channelLimit must not be negative");
    }
  }
}
