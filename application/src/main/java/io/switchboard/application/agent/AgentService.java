package io.switchboard.application.agent;

import io.switchboard.application.common.ChangeRecorder;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.port.AgentRepository;
import io.switchboard.application.port.ChangeFeed;
import io.switchboard.application.port.Transactions;
import io.switchboard.domain.agent.Agent;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.Changes;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.org.Scope;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

public final class AgentService implements UpsertAgentUseCase, GetAgentUseCase {
  private final AgentRepository agents;
  private final Transactions tx;
  private final ChangeRecorder recorder;
  private final Clock clock;

  public AgentService(AgentRepository agents, ChangeFeed feed, Transactions tx, Clock clock) {
    this.agents = agents;
    this.tx = tx;
    this.clock = clock;
    this.recorder = new ChangeRecorder(feed, clock);
  }

  @Override
  public Agent upsert(RequestContext ctx, AgentId id, String displayName) {
    ctx.require(Scope.NUMBERS_WRITE);
    return tx.inTransaction(ctx.deadline(), () -> {
      Instant now = clock.instant();
      Optional<Agent> existing = agents.find(ctx.organizationId(), id);
      Agent next = existing.map(a -> a.displayName().equals(displayName) ? a : a.rename(displayName, now))
          .orElseGet(() -> new Agent(id, ctx.organizationId(), displayName, now, now));
      if (existing.isEmpty() || existing.get() != next) {
        agents.upsert(next);
        recorder.record(ctx, ResourceType.AGENT, id.value(), Optional.empty(),
            existing.isEmpty() ? ChangeAction.CREATED : ChangeAction.UPDATED,
            Changes.diff(existing.map(Changes::describe).orElse(Map.of()), Changes.describe(next)));
      }
      return next;
    });
  }

  @Override
  public Agent get(RequestContext ctx, AgentId id) {
    ctx.require(Scope.NUMBERS_READ);
    return tx.inTransaction(ctx.deadline(),
        () -> agents.find(ctx.organizationId(), id).orElseThrow(() -> NotFoundException.of(Reason.AGENT_NOT_FOUND, id.value())));
  }
}
