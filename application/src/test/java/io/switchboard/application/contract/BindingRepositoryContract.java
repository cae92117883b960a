package io.switchboard.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.application.port.BindingRepository;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.Binding;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.org.OrganizationId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

public abstract class BindingRepositoryContract extends PortContract {
  private BindingRepository bindings() {
    return ports().bindings();
  }

  private PhoneNumber newNumber(OrganizationId org) {
    PhoneNumber number = Samples.purchased(org, Samples.T0);
    ports().numbers().insert(number);
    return number;
  }

  private static Binding binding(PhoneNumber number, BindingChannel channel, String agent) {
    return new Binding(
        number.organizationId(), number.id(), channel, new AgentId(agent), Samples.T0);
  }

  @Test
  void put_binds_and_a_second_put_replaces_the_agent_of_that_channel_only() {
    OrganizationId org = newOrganization();
    newAgent(org, "alice");
    newAgent(org, "bob");
    PhoneNumber number = newNumber(org);
    bindings().put(binding(number, BindingChannel.CALL, "alice"));
    bindings().put(binding(number, BindingChannel.SMS, "alice"));

    Binding replaced =
        new Binding(
            org, number.id(), BindingChannel.CALL, new AgentId("bob"), Samples.T0.plusSeconds(5));
    bindings().put(replaced);

    assertThat(bindings().find(org, number.id(), BindingChannel.CALL)).contains(replaced);
    assertThat(bindings().findByNumber(org, number.id()))
        .containsExactlyInAnyOrder(replaced, binding(number, BindingChannel.SMS, "alice"));
  }

  @Test
  void delete_unbinds_one_channel_and_reports_whether_there_was_a_binding() {
    OrganizationId org = newOrganization();
    newAgent(org, "alice");
    PhoneNumber number = newNumber(org);
    bindings().put(binding(number, BindingChannel.CALL, "alice"));
    bindings().put(binding(number, BindingChannel.WHATSAPP, "alice"));

    assertThat(bindings().delete(org, number.id(), BindingChannel.CALL)).isTrue();
    assertThat(bindings().delete(org, number.id(), BindingChannel.CALL)).isFalse();
    assertThat(bindings().findByNumber(org, number.id()))
        .extracting(Binding::channel)
        .containsExactly(BindingChannel.WHATSAPP);

    bindings().deleteAllOf(org, number.id());
    assertThat(bindings().findByNumber(org, number.id())).isEmpty();
  }

  @Test
  void lookups_by_agent_by_many_numbers_and_lists_see_only_the_organizations_bindings() {
    OrganizationId org = newOrganization();
    OrganizationId stranger = newOrganization();
    newAgent(org, "alice");
    newAgent(org, "bob");
    PhoneNumber first = newNumber(org);
    PhoneNumber second = newNumber(org);
    Binding aliceCall = binding(first, BindingChannel.CALL, "alice");
    Binding aliceSms = binding(second, BindingChannel.SMS, "alice");
    Binding bobCall = binding(second, BindingChannel.CALL, "bob");
    List.of(aliceCall, aliceSms, bobCall).forEach(bindings()::put);

    assertThat(bindings().findByAgent(org, new AgentId("alice"), BindingChannel.CALL))
        .containsExactly(aliceCall);
    assertThat(bindings().findByNumbers(org, List.of(first.id(), second.id())))
        .containsExactlyInAnyOrder(aliceCall, aliceSms, bobCall);
    assertThat(bindings().list(org, Optional.of(new AgentId("alice")), Optional.empty()))
        .containsExactlyInAnyOrder(aliceCall, aliceSms);
    assertThat(bindings().list(org, Optional.empty(), Optional.of(second.id())))
        .containsExactlyInAnyOrder(aliceSms, bobCall);

    assertThat(bindings().find(stranger, first.id(), BindingChannel.CALL)).isEmpty();
    assertThat(bindings().findByNumbers(stranger, List.of(first.id(), second.id()))).isEmpty();
    assertThat(bindings().list(stranger, Optional.empty(), Optional.empty())).isEmpty();
    assertThat(bindings().delete(stranger, first.id(), BindingChannel.CALL)).isFalse();
    assertThat(bindings().find(org, first.id(), BindingChannel.CALL)).contains(aliceCall);
  }
}
