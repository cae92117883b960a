package io.switchboard.application.fakes;

import io.switchboard.application.fakes.InMemoryDatabase.AgentKey;
import io.switchboard.application.fakes.InMemoryDatabase.BindingKey;
import io.switchboard.application.port.BindingRepository;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.Binding;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.org.OrganizationId;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

public final class InMemoryBindingRepository implements BindingRepository {
  private static final Comparator<Binding> BY_NUMBER_AND_CHANNEL =
      Comparator.comparing((Binding b) -> b.phoneNumberId().value().toString())
          .thenComparing(Binding::channel);
  private static final Comparator<Binding> BY_BINDING_TIME =
      Comparator.comparing(Binding::boundAt).thenComparing(BY_NUMBER_AND_CHANNEL);

  private final InMemoryDatabase db;

  public InMemoryBindingRepository(InMemoryDatabase db) {
    this.db = db;
  }

  @Override
  public Optional<Binding> find(
      OrganizationId organizationId, PhoneNumberId phoneNumberId, BindingChannel channel) {
    return db.bindings.read(all ->
        Optional.ofNullable(all.get(new BindingKey(phoneNumberId, channel)))
            .filter(ownedBy(organizationId)));
  }

  @Override
  public List<Binding> findByNumber(OrganizationId organizationId, PhoneNumberId phoneNumberId) {
    return select(
        organizationId, b -> b.phoneNumberId().equals(phoneNumberId), BY_NUMBER_AND_CHANNEL);
  }

  @Override
  public List<Binding> findByNumbers(
      OrganizationId organizationId, Collection<PhoneNumberId> phoneNumberIds) {
    Set<PhoneNumberId> ids = Set.copyOf(phoneNumberIds);
    return select(organizationId, b -> ids.contains(b.phoneNumberId()), BY_NUMBER_AND_CHANNEL);
  }

  @Override
  public List<Binding> findByAgent(
      OrganizationId organizationId, AgentId agentId, BindingChannel channel) {
    return select(
        organizationId,
        b -> b.agentId().equals(agentId) && b.channel() == channel,
        BY_BINDING_TIME);
  }

  @Override
  public List<Binding> list(
      OrganizationId organizationId,
      Optional<AgentId> agentId,
      Optional<PhoneNumberId> phoneNumberId) {
    return select(
        organizationId,
        b ->
            agentId.map(b.agentId()::equals).orElse(true)
                && phoneNumberId.map(b.phoneNumberId()::equals).orElse(true),
        BY_BINDING_TIME);
  }

  @Override
  public void put(Binding binding) {
    // the database's foreign keys: the number and the agent belong to the binding's organization
    boolean numberThere =
        db.numbers.read(all ->
            Optional.ofNullable(all.get(binding.phoneNumberId()))
                .filter(n -> n.organizationId().equals(binding.organizationId()))
                .isPresent());
    if (!numberThere) {
      throw NotFoundException.of(Reason.PHONE_NUMBER_NOT_FOUND, "of the binding");
    }
    if (!db.agents.read(
        all -> all.containsKey(new AgentKey(binding.organizationId(), binding.agentId())))) {
      throw new NotFoundException(Reason.AGENT_NOT_FOUND, "the agent is not registered");
    }
    db.bindings.write(
        all -> all.put(new BindingKey(binding.phoneNumberId(), binding.channel()), binding));
  }

  @Override
  public boolean delete(
      OrganizationId organizationId, PhoneNumberId phoneNumberId, BindingChannel channel) {
    return db.bindings.write(all -> {
      BindingKey key = new BindingKey(phoneNumberId, channel);
      Binding stored = all.get(key);
      return stored != null
          && stored.organizationId().equals(organizationId)
          && all.remove(key) != null;
    });
  }

  @Override
  public void deleteAllOf(OrganizationId organizationId, PhoneNumberId phoneNumberId) {
    db.bindings.write(all ->
        all.values()
            .removeIf(b ->
                b.organizationId().equals(organizationId)
                    && b.phoneNumberId().equals(phoneNumberId)));
  }

  private List<Binding> select(
      OrganizationId organizationId, Predicate<Binding> which, Comparator<Binding> order) {
    return db.bindings.read(all ->
        all.values().stream().filter(ownedBy(organizationId)).filter(which).sorted(order).toList());
  }

  private static Predicate<Binding> ownedBy(OrganizationId organizationId) {
    return b -> b.organizationId().equals(organizationId);
  }
}
