package io.switchboard.application.agent;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.AgentRepository;
import io.switchboard.domain.agent.Agent;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.Changes;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.org.Scope;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Creates an agent or renames it; an unchanged agent is not written again. */
public final class UpsertAgentService implements UpsertAgentUseCase {
  private final AgentRepository agents;
  private final UseCaseSteps steps;
  private final Clock clock;

  public UpsertAgentService(AgentRepository agents, UseCaseSteps steps, Clock clock) {
    this.agents = agents;
    this.steps = steps;
    this.clock = clock;
  }

  @Override
  public Agent upsert(RequestContext ctx, AgentId id, String displayName) {
    return steps.inTransaction(
        ctx,
        Scope.NUMBERS_WRITE,
        () -> {
          Instant now = clock.instant();
          Optional<Agent> existing = agents.find(ctx.organizationId(), id);
          Agent next =
              existing
                  .map(a -> a.displayName().equals(displayName) ? a : a.rename(displayName, now))
                  .orElseGet(() -> new Agent(id, ctx.organizationId(), displayName, now, now));
          if (existing.isEmpty() || existing.get() != next) {
            agents.upsert(next);
            steps.record(
                ctx,
                ResourceType.AGENT,
                id.value(),
                Optional.empty(),
                existing.isEmpty() ? ChangeAction.CREATED : ChangeAction.UPDATED,
                Changes.diff(
                    existing.map(Changes::describe).orElse(Map.of()), Changes.describe(next)));
          }
          return next;
        });
  }
}
