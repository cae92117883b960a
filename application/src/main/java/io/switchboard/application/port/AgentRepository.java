package io.switchboard.application.port;

import io.switchboard.domain.agent.Agent;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.org.OrganizationId;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

public interface AgentRepository {
  Optional<Agent> find(OrganizationId organizationId, AgentId id);

  /** Display names of the given agents that exist in the organization. */
  Map<AgentId, String> displayNames(OrganizationId organizationId, Collection<AgentId> ids);

  /** Inserts or replaces the agent (same organization and id). */
  void upsert(Agent agent);
}
