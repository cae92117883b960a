package io.switchboard.application.port.query;

import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.BindingChannel;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A binding as callers see it: the agent and its display name (empty if the agent runtime never
 * named it).
 */
public record BoundAgent(
    BindingChannel channel, AgentId agentId, Optional<String> agentName, Instant boundAt) {
  public BoundAgent {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(agentName, "agentName");
    Objects.requireNonNull(boundAt, "boundAt");
  }
}
