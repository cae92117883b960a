package io.switchboard.application.agent;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.AgentRepository;
import io.switchboard.domain.agent.Agent;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.org.Scope;

/** One agent of the caller's organization. */
public final class GetAgentService implements GetAgentUseCase {
  private final AgentRepository agents;
  private final UseCaseSteps steps;

  public GetAgentService(AgentRepository agents, UseCaseSteps steps) {
    this.agents = agents;
    this.steps = steps;
  }

  @Override
  public Agent get(RequestContext ctx, AgentId id) {
    return steps.inTransaction(
        ctx,
        Scope.NUMBERS_READ,
        () ->
            agents
                .find(ctx.organizationId(), id)
                .orElseThrow(() -> NotFoundException.of(Reason.AGENT_NOT_FOUND, id.value())));
  }
}
