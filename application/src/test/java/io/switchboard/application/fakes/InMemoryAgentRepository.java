package io.switchboard.application.fakes;

import io.switchboard.application.fakes.InMemoryDatabase.AgentKey;
import io.switchboard.application.port.AgentRepository;
import io.switchboard.domain.agent.Agent;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.org.OrganizationId;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

public final class InMemoryAgentRepository implements AgentRepository {
  private final InMemoryDatabase db;

  public InMemoryAgentRepository(InMemoryDatabase db) {
    this.db = db;
  }

  @Override
  public Optional<Agent> find(OrganizationId organizationId, AgentId id) {
    return db.agents.read(all -> Optional.ofNullable(all.get(new AgentKey(organizationId, id))));
  }

  @Override
  public Map<AgentId, String> displayNames(OrganizationId organizationId, Collection<AgentId> ids) {
    return db.agents.read(all -> {
      Map<AgentId, String> names = new HashMap<>();
      for (AgentId id : ids) {
        Agent agent = all.get(new AgentKey(organizationId, id));
        if (agent != null) {
          names.put(id, agent.displayName());
        }
      }
      return names;
    });
  }

  @Override
  public void upsert(Agent agent) {
    db.requireOrganization(agent.organizationId());
    db.agents.write(all -> {
      AgentKey key = new AgentKey(agent.organizationId(), agent.id());
      Agent stored = all.get(key);
      // like ON CONFLICT DO UPDATE of the name and update time: the creation time stays the first
      // one
      all.put(
          key,
          stored == null
              ? agent
              : new Agent(
                  agent.id(),
                  agent.organizationId(),
                  agent.displayName(),
                  stored.createdAt(),
                  agent.updatedAt()));
      return null;
    });
  }
}
