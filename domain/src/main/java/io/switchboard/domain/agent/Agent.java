package io.switchboard.domain.agent;

import io.switchboard.domain.common.Text;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.org.OrganizationId;
import java.time.Instant;
import java.util.Objects;

/**
 * An AI agent as registered by the agent runtime: numbers can only be bound to agents Switchboard
 * knows.
 */
public record Agent(
    AgentId id,
    OrganizationId organizationId,
    String displayName,
    Instant createdAt,
    Instant updatedAt) {
  public Agent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(organizationId, "organizationId");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    try {
      displayName = Text.requireLine(displayName, 200);
    } catch (InvalidArgumentException e) {
      throw e.under("display_name");
    }
  }

  public Agent rename(String newDisplayName, Instant at) {
    return new Agent(id, organizationId, newDisplayName, createdAt, at);
  }
}
