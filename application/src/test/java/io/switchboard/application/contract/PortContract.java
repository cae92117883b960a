package io.switchboard.application.contract;

import io.switchboard.application.port.Ports;
import io.switchboard.domain.agent.Agent;
import io.switchboard.domain.org.Organization;
import io.switchboard.domain.org.OrganizationId;

/**
 * What every port contract test needs: the ports under test (one database or fake per test class)
 * and a fresh organization per test, so tests in one class never see each other's rows.
 */
public abstract class PortContract {
  protected abstract Ports ports();

  protected OrganizationId newOrganization() {
    Organization organization = Samples.organization();
    ports().organizations().insert(organization);
    return organization.id();
  }

  protected Agent newAgent(OrganizationId organizationId, String id) {
    Agent agent = Samples.agent(organizationId, id);
    ports().agents().upsert(agent);
    return agent;
  }
}
