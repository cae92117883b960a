package io.switchboard.application.agent;

import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.agent.Agent;
import io.switchboard.domain.agent.AgentId;

public interface GetAgentUseCase {
  Agent get(RequestContext ctx, AgentId id);
}
