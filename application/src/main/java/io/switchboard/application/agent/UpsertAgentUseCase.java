package io.switchboard.application.agent;

import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.agent.Agent;
import io.switchboard.domain.agent.AgentId;

/** The agent runtime registers an agent or renames it. */
public interface UpsertAgentUseCase {
  Agent upsert(RequestContext ctx, AgentId id, String displayName);
}
