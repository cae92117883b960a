package io.switchboard.application.port;

import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.Binding;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.org.OrganizationId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Which agent answers which number on which channel; at most one binding per (number, channel). */
public interface BindingRepository {
  Optional<Binding> find(OrganizationId organizationId, PhoneNumberId phoneNumberId, BindingChannel channel);

  List<Binding> findByNumber(OrganizationId organizationId, PhoneNumberId phoneNumberId);

  /** The bindings of many numbers at once, for list pages. */
  List<Binding> findByNumbers(OrganizationId organizationId, Collection<PhoneNumberId> phoneNumberIds);

  /** The agent's bindings on a channel (more than one only where a binding was forced). */
  List<Binding> findByAgent(OrganizationId organizationId, AgentId agentId, BindingChannel channel);

  List<Binding> list(OrganizationId organizationId, Optional<AgentId> agentId, Optional<PhoneNumberId> phoneNumberId);

  /** Inserts or replaces the binding of (number, channel). */
  void put(Binding binding);

  /** Returns whether there was a binding to delete. */
  boolean delete(OrganizationId organizationId, PhoneNumberId phoneNumberId, BindingChannel channel);

  void deleteAllOf(OrganizationId organizationId, PhoneNumberId phoneNumberId);
}
