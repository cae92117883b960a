package io.switchboard.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.application.contract.BindingRepositoryContract;
import io.switchboard.application.contract.Samples;
import io.switchboard.application.port.Ports;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.Binding;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.persistence.testing.TestDatabaseExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JooqBindingRepositoryIT extends BindingRepositoryContract {
  @RegisterExtension static final TestDatabaseExtension database = new TestDatabaseExtension();
  private static Ports ports;

  @BeforeAll
  static void wire() {
    ports = JooqTestPorts.on(database.database());
  }

  @Override
  protected Ports ports() {
    return ports;
  }

  @Test
  void the_database_refuses_a_binding_to_an_unknown_agent() {
    OrganizationId org = newOrganization();
    PhoneNumber number = Samples.purchased(org, Samples.T0);
    ports.numbers().insert(number);

    assertThatThrownBy(() ->
            ports
                .bindings()
                .put(
                    new Binding(
                        org, number.id(), BindingChannel.CALL, new AgentId("nobody"), Samples.T0)))
        .isInstanceOfSatisfying(
            NotFoundException.class,
            e -> assertThat(e.reason().wire()).isEqualTo("AGENT_NOT_FOUND"));
  }

  @Test
  void the_database_refuses_a_binding_across_organizations() {
    OrganizationId owner = newOrganization();
    OrganizationId stranger = newOrganization();
    newAgent(stranger, "their-agent");
    PhoneNumber number = Samples.purchased(owner, Samples.T0);
    ports.numbers().insert(number);

    assertThatThrownBy(() ->
            ports
                .bindings()
                .put(
                    new Binding(
                        stranger,
                        number.id(),
                        BindingChannel.CALL,
                        new AgentId("their-agent"),
                        Samples.T0)))
        .isInstanceOf(NotFoundException.class);
  }
}
