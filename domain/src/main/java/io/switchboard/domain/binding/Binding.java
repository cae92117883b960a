package io.switchboard.domain.binding;

import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.org.OrganizationId;
import java.time.Instant;
import java.util.Objects;

/**
 * Which agent answers a number on a channel. A binding belongs to its number and cannot outlive it.
 */
public record Binding(
    OrganizationId organizationId,
    PhoneNumberId phoneNumberId,
    BindingChannel channel,
    AgentId agentId,
    Instant boundAt) {
  public Binding {
    Objects.requireNonNull(organizationId, "organizationId");
    Objects.requireNonNull(phoneNumberId, "phoneNumberId");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(boundAt, "boundAt");
  }
}
