package io.switchboard.persistence;

import static io.switchboard.persistence.jooq.Tables.AGENTS;

import io.switchboard.application.port.AgentRepository;
import io.switchboard.domain.agent.Agent;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.persistence.jooq.tables.records.AgentsRecord;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

public final class JooqAgentRepository implements AgentRepository {
  private final JooqTransactions transactions;

  public JooqAgentRepository(JooqTransactions transactions) {
    this.transactions = transactions;
  }

  @Override
  public Optional<Agent> find(OrganizationId organizationId, AgentId id) {
    return transactions
        .dsl()
        .selectFrom(AGENTS)
        .where(AGENTS.ORGANIZATION_ID.eq(organizationId.value()).and(AGENTS.ID.eq(id.value())))
        .fetchOptional()
        .map(JooqAgentRepository::toAgent);
  }

  @Override
  public Map<AgentId, String> displayNames(OrganizationId organizationId, Collection<AgentId> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    return transactions
        .dsl()
        .select(AGENTS.ID, AGENTS.DISPLAY_NAME)
        .from(AGENTS)
        .where(
            AGENTS
                .ORGANIZATION_ID
                .eq(organizationId.value())
                .and(AGENTS.ID.in(ids.stream().map(AgentId::value).collect(Collectors.toSet()))))
        .fetchMap(r -> new AgentId(r.value1()), r -> r.value2());
  }

  @Override
  public void upsert(Agent agent) {
    transactions
        .dsl()
        .insertInto(AGENTS)
        .set(AGENTS.ORGANIZATION_ID, agent.organizationId().value())
        .set(AGENTS.ID, agent.id().value())
        .set(AGENTS.DISPLAY_NAME, agent.displayName())
        .set(AGENTS.CREATED_AT, Columns.time(agent.createdAt()))
        .set(AGENTS.UPDATED_AT, Columns.time(agent.updatedAt()))
        .onConflict(AGENTS.ORGANIZATION_ID, AGENTS.ID)
        .doUpdate()
        .set(AGENTS.DISPLAY_NAME, agent.displayName())
        .set(AGENTS.UPDATED_AT, Columns.time(agent.updatedAt()))
        .execute();
  }

  private static Agent toAgent(AgentsRecord r) {
    return new Agent(
        new AgentId(r.getId()),
        new OrganizationId(r.getOrganizationId()),
        r.getDisplayName(),
        Columns.instant(r.getCreatedAt()),
        Columns.instant(r.getUpdatedAt()));
  }
}
