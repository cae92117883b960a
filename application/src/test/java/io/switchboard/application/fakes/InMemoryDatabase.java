package io.switchboard.application.fakes;

import io.switchboard.application.fakes.InMemoryTransactions.Table;
import io.switchboard.domain.agent.Agent;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.Binding;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.inventory.AvailableNumber;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.org.ApiKey;
import io.switchboard.domain.org.ApiKeyId;
import io.switchboard.domain.org.Organization;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.trunk.Trunk;
import io.switchboard.domain.trunk.TrunkId;
import io.switchboard.domain.webhook.WebhookDelivery;
import io.switchboard.domain.webhook.WebhookEndpointId;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.TreeMap;

/**
 * The tables the fakes share, so that they keep the database's cross-table rules: a binding needs
 * its number and agent, deleting a number deletes its bindings, everything belongs to an existing
 * organization.
 */
public final class InMemoryDatabase {
  final InMemoryTransactions transactions;
  final Table<LinkedHashMap<OrganizationId, Organization>> organizations;
  final Table<LinkedHashMap<ApiKeyId, ApiKey>> apiKeys;
  final Table<LinkedHashMap<AgentKey, Agent>> agents;
  final Table<LinkedHashMap<PhoneNumberId, PhoneNumber>> numbers;
  final Table<LinkedHashMap<TrunkId, Trunk>> trunks;
  final Table<LinkedHashMap<BindingKey, Binding>> bindings;
  final Table<TreeMap<String, AvailableNumber>> inventory;
  final Table<LinkedHashMap<WebhookEndpointId, InMemoryWebhookEndpointRepository.Row>>
      webhookEndpoints;
  final Table<LinkedHashMap<String, WebhookDelivery>> webhookDeliveries;
  final Table<LinkedHashMap<io.switchboard.domain.job.JobId, InMemoryJobRepository.Row>> jobs;
  final Clock clock;

  record AgentKey(OrganizationId organizationId, AgentId agentId) {}

  record BindingKey(PhoneNumberId phoneNumberId, BindingChannel channel) {}

  public InMemoryDatabase(Clock clock) {
    this.transactions = new InMemoryTransactions(clock);
    this.organizations = transactions.table(new LinkedHashMap<>(), LinkedHashMap::new);
    this.apiKeys = transactions.table(new LinkedHashMap<>(), LinkedHashMap::new);
    this.agents = transactions.table(new LinkedHashMap<>(), LinkedHashMap::new);
    this.numbers = transactions.table(new LinkedHashMap<>(), LinkedHashMap::new);
    this.trunks = transactions.table(new LinkedHashMap<>(), LinkedHashMap::new);
    this.bindings = transactions.table(new LinkedHashMap<>(), LinkedHashMap::new);
    this.inventory = transactions.table(new TreeMap<>(), TreeMap::new);
    this.webhookEndpoints = transactions.table(new LinkedHashMap<>(), LinkedHashMap::new);
    this.webhookDeliveries = transactions.table(new LinkedHashMap<>(), LinkedHashMap::new);
    this.jobs = transactions.table(new LinkedHashMap<>(), InMemoryJobRepository::copy);
    this.clock = clock;
  }

  public InMemoryTransactions transactions() {
    return transactions;
  }

  /** Every stored phone number, released ones included, for assertions. */
  public java.util.List<PhoneNumber> allNumbers() {
    return numbers.read(all -> java.util.List.copyOf(all.values()));
  }

  /** Every stored trunk of every organization, for assertions. */
  public java.util.List<Trunk> allTrunks() {
    return trunks.read(all -> java.util.List.copyOf(all.values()));
  }

  /** The platform's stock, for assertions. */
  public java.util.List<AvailableNumber> allStock() {
    return inventory.read(all -> java.util.List.copyOf(all.values()));
  }

  /** The foreign key every organization-owned row has. */
  void requireOrganization(OrganizationId id) {
    if (!organizations.read(all -> all.containsKey(id))) {
      throw new NotFoundException(Reason.ORGANIZATION_NOT_FOUND, "the organization does not exist");
    }
  }
}
