package io.switchboard.persistence;

import static io.switchboard.persistence.jooq.Tables.AGENTS;
import static io.switchboard.persistence.jooq.Tables.BINDINGS;

import io.switchboard.application.port.AgentRepository;
import io.switchboard.application.port.BindingRepository;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.Binding;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.persistence.jooq.tables.records.BindingsRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;

public final class JooqBindingRepository implements BindingRepository {
  private final JooqTransactions transactions;

  public JooqBindingRepository(JooqTransactions transactions) {
    this.transactions = transactions;
  }

  @Override
  public Optional<Binding> find(
      OrganizationId organizationId, PhoneNumberId phoneNumberId, BindingChannel channel) {
    return transactions
        .dsl()
        .selectFrom(BINDINGS)
        .where(
            ownedBy(organizationId)
                .and(of(phoneNumberId))
                .and(BINDINGS.CHANNEL.eq(Columns.lower(channel))))
        .fetchOptional()
        .map(JooqBindingRepository::toBinding);
  }

  @Override
  public List<Binding> findByNumber(OrganizationId organizationId, PhoneNumberId phoneNumberId) {
    return transactions
        .dsl()
        .selectFrom(BINDINGS)
        .where(ownedBy(organizationId).and(of(phoneNumberId)))
        .orderBy(BINDINGS.CHANNEL)
        .fetch(JooqBindingRepository::toBinding);
  }

  @Override
  public List<Binding> findByNumbers(
      OrganizationId organizationId, Collection<PhoneNumberId> phoneNumberIds) {
    if (phoneNumberIds.isEmpty()) {
      return List.of();
    }
    return transactions
        .dsl()
        .selectFrom(BINDINGS)
        .where(
            ownedBy(organizationId)
                .and(
                    BINDINGS.PHONE_NUMBER_ID.in(
                        phoneNumberIds.stream().map(PhoneNumberId::value).distinct().toList())))
        .orderBy(BINDINGS.PHONE_NUMBER_ID, BINDINGS.CHANNEL)
        .fetch(JooqBindingRepository::toBinding);
  }

  /**
   * One statement: the bindings left-joined with their agents (same organization), so a view costs
   * one round trip.
   */
  @Override
  public Named findByNumbersWithAgentNames(
      OrganizationId organizationId,
      Collection<PhoneNumberId> phoneNumberIds,
      AgentRepository names) {
    if (phoneNumberIds.isEmpty()) {
      return new Named(List.of(), Map.of());
    }
    var bindings = new ArrayList<Binding>();
    var agentNames = new HashMap<AgentId, String>();
    transactions
        .dsl()
        .select(BINDINGS.fields())
        .select(AGENTS.DISPLAY_NAME)
        .from(BINDINGS)
        .leftJoin(AGENTS)
        .on(
            AGENTS
                .ORGANIZATION_ID
                .eq(BINDINGS.ORGANIZATION_ID)
                .and(AGENTS.ID.eq(BINDINGS.AGENT_ID)))
        .where(
            ownedBy(organizationId)
                .and(
                    BINDINGS.PHONE_NUMBER_ID.in(
                        phoneNumberIds.stream().map(PhoneNumberId::value).distinct().toList())))
        .orderBy(BINDINGS.PHONE_NUMBER_ID, BINDINGS.CHANNEL)
        .forEach(row -> {
          Binding binding = toBinding(row.into(BINDINGS));
          bindings.add(binding);
          String name = row.get(AGENTS.DISPLAY_NAME);
          if (name != null) {
            agentNames.put(binding.agentId(), name);
          }
        });
    return new Named(bindings, agentNames);
  }

  @Override
  public List<Binding> findByAgent(
      OrganizationId organizationId, AgentId agentId, BindingChannel channel) {
    return transactions
        .dsl()
        .selectFrom(BINDINGS)
        .where(
            ownedBy(organizationId)
                .and(BINDINGS.AGENT_ID.eq(agentId.value()))
                .and(BINDINGS.CHANNEL.eq(Columns.lower(channel))))
        .orderBy(BINDINGS.BOUND_AT, BINDINGS.PHONE_NUMBER_ID)
        .fetch(JooqBindingRepository::toBinding);
  }

  @Override
  public List<Binding> list(
      OrganizationId organizationId,
      Optional<AgentId> agentId,
      Optional<PhoneNumberId> phoneNumberId) {
    Condition where = ownedBy(organizationId);
    if (agentId.isPresent()) {
      where = where.and(BINDINGS.AGENT_ID.eq(agentId.get().value()));
    }
    if (phoneNumberId.isPresent()) {
      where = where.and(of(phoneNumberId.get()));
    }
    return transactions
        .dsl()
        .selectFrom(BINDINGS)
        .where(where)
        .orderBy(BINDINGS.BOUND_AT, BINDINGS.PHONE_NUMBER_ID, BINDINGS.CHANNEL)
        .fetch(JooqBindingRepository::toBinding);
  }

  @Override
  public void put(Binding binding) {
    transactions
        .dsl()
        .insertInto(BINDINGS)
        .set(BINDINGS.PHONE_NUMBER_ID, binding.phoneNumberId().value())
        .set(BINDINGS.CHANNEL, Columns.lower(binding.channel()))
        .set(BINDINGS.ORGANIZATION_ID, binding.organizationId().value())
        .set(BINDINGS.AGENT_ID, binding.agentId().value())
        .set(BINDINGS.BOUND_AT, Columns.time(binding.boundAt()))
        .onConflict(BINDINGS.PHONE_NUMBER_ID, BINDINGS.CHANNEL)
        .doUpdate()
        .set(BINDINGS.AGENT_ID, binding.agentId().value())
        .set(BINDINGS.BOUND_AT, Columns.time(binding.boundAt()))
        // the number (hence the organization) is part of the key: never let a binding hop
        // organizations
        .where(BINDINGS.ORGANIZATION_ID.eq(binding.organizationId().value()))
        .execute();
  }

  @Override
  public boolean delete(
      OrganizationId organizationId, PhoneNumberId phoneNumberId, BindingChannel channel) {
    return transactions
            .dsl()
            .deleteFrom(BINDINGS)
            .where(
                ownedBy(organizationId)
                    .and(of(phoneNumberId))
                    .and(BINDINGS.CHANNEL.eq(Columns.lower(channel))))
            .execute()
        > 0;
  }

  @Override
  public void deleteAllOf(OrganizationId organizationId, PhoneNumberId phoneNumberId) {
    transactions
        .dsl()
        .deleteFrom(BINDINGS)
        .where(ownedBy(organizationId).and(of(phoneNumberId)))
        .execute();
  }

  private static Condition ownedBy(OrganizationId organizationId) {
    return BINDINGS.ORGANIZATION_ID.eq(organizationId.value());
  }

  private static Condition of(PhoneNumberId phoneNumberId) {
    return BINDINGS.PHONE_NUMBER_ID.eq(phoneNumberId.value());
  }

  static Binding toBinding(BindingsRecord r) {
    return new Binding(
        new OrganizationId(r.getOrganizationId()),
        new PhoneNumberId(r.getPhoneNumberId()),
        Columns.parse(BindingChannel.class, r.getChannel()),
        new AgentId(r.getAgentId()),
        Columns.instant(r.getBoundAt()));
  }
}
