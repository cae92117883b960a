package io.switchboard.application.port;

import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.Binding;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.org.OrganizationId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Which agent answers which number on which channel; at most one binding per (number, channel). */
public interface BindingRepository {
  Optional<Binding> find(
      OrganizationId organizationId, PhoneNumberId phoneNumberId, BindingChannel channel);

  List<Binding> findByNumber(OrganizationId organizationId, PhoneNumberId phoneNumberId);

  /** The bindings of many numbers at once, for list pages. */
  List<Binding> findByNumbers(
      OrganizationId organizationId, Collection<PhoneNumberId> phoneNumberIds);

  /**
   * The bindings of many numbers with their agents' display names (agents without a name are left
   * out).
   */
  record Named(List<Binding> bindings, Map<AgentId, String> agentNames) {
    public Named {
      bindings = List.copyOf(bindings);
      agentNames = Map.copyOf(agentNames);
    }
  }

  /**
   * {@link #findByNumbers} with the agents' names. Adapters that can join read both in one
   * statement (a view after every update reads them: one round trip instead of two); {@code names}
   * reads the names for the other adapters.
   */
  default Named findByNumbersWithAgentNames(
      OrganizationId organizationId,
      Collection<PhoneNumberId> phoneNumberIds,
      AgentRepository names) {
    List<Binding> all = findByNumbers(organizationId, phoneNumberIds);
    var agentIds = new java.util.HashSet<AgentId>();
    all.forEach(b -> agentIds.add(b.agentId()));
    return new Named(
        all, agentIds.isEmpty() ? Map.of() : names.displayNames(organizationId, agentIds));
  }

  /** The agent's bindings on a channel (more than one only where a binding was forced). */
  List<Binding> findByAgent(OrganizationId organizationId, AgentId agentId, BindingChannel channel);

  List<Binding> list(
      OrganizationId organizationId,
      Optional<AgentId> agentId,
      Optional<PhoneNumberId> phoneNumberId);

  /** Inserts or replaces the binding of (number, channel). */
  void put(Binding binding);

  /** Returns whether there was a binding to delete. */
  boolean delete(
      OrganizationId organizationId, PhoneNumberId phoneNumberId, BindingChannel channel);

  void deleteAllOf(OrganizationId organizationId, PhoneNumberId phoneNumberId);
}
