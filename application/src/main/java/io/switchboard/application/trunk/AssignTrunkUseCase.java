package io.switchboard.application.trunk;

import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.BindingConflictPolicy;

/** Give a trunk to another agent; the number, credentials and settings stay. */
public interface AssignTrunkUseCase {
  RegisterTrunkUseCase.Result assign(RequestContext ctx, TrunkRef ref, AgentId agentId, BindingConflictPolicy policy);
}
