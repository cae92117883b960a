package io.switchboard.application.trunk;

import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.BindingConflictPolicy;
import java.util.Optional;

/** Give a trunk to another agent; the number, credentials and settings stay. */
public interface AssignTrunkUseCase {
  default RegisterTrunkUseCase.Result assign(
      RequestContext ctx, TrunkRef ref, AgentId agentId, BindingConflictPolicy policy) {
    return assign(ctx, ref, agentId, policy, Optional.empty());
  }

  /**
   * @param expectedNumberEtag the etag of the trunk's number (what the Mindhunters dialect answers
   *     with), checked under the number's row lock: a change in between is refused, never
   *     overwritten
   */
  RegisterTrunkUseCase.Result assign(
      RequestContext ctx,
      TrunkRef ref,
      AgentId agentId,
      BindingConflictPolicy policy,
      Optional<String> expectedNumberEtag);
}
