package io.switchboard.domain.binding;

import static io.switchboard.domain.DomainFixtures.ORG;
import static io.switchboard.domain.DomainFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.error.AlreadyExistsException;
import io.switchboard.domain.number.PhoneNumberId;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BindingRulesTest {
  private static final PhoneNumberId NUMBER = PhoneNumberId.random();
  private static final PhoneNumberId OTHER_NUMBER = PhoneNumberId.random();
  private static final AgentId AGENT = new AgentId("agent-1");
  private static final AgentId OTHER_AGENT = new AgentId("agent-2");

  private static Binding binding(PhoneNumberId number, AgentId agent, BindingChannel channel) {
    return new Binding(ORG, number, channel, agent, T0);
  }

  @ParameterizedTest
  @EnumSource(BindingConflictPolicy.class)
  void a_free_number_and_a_free_agent_can_always_be_bound(BindingConflictPolicy policy) {
    assertThatNoException()
        .isThrownBy(() ->
            BindingRules.check(
                BindingChannel.CALL, NUMBER, AGENT, Optional.empty(), Optional.empty(), policy));
  }

  @ParameterizedTest
  @EnumSource(BindingConflictPolicy.class)
  void binding_the_same_agent_to_the_same_number_again_is_no_conflict(
      BindingConflictPolicy policy) {
    Binding existing = binding(NUMBER, AGENT, BindingChannel.SMS);

    assertThatNoException()
        .isThrownBy(() ->
            BindingRules.check(
                BindingChannel.SMS,
                NUMBER,
                AGENT,
                Optional.of(existing),
                Optional.of(existing),
                policy));
  }

  @ParameterizedTest
  @EnumSource(
      value = BindingConflictPolicy.class,
      names = {"REJECT", "MOVE_AGENT"})
  void one_agent_per_number_and_channel_unless_forced(BindingConflictPolicy policy) {
    Binding taken = binding(NUMBER, OTHER_AGENT, BindingChannel.WHATSAPP);

    assertThatThrownBy(() ->
            BindingRules.check(
                BindingChannel.WHATSAPP,
                NUMBER,
                AGENT,
                Optional.of(taken),
                Optional.empty(),
                policy))
        .isInstanceOfSatisfying(
            AlreadyExistsException.class,
            e -> {
              assertThat(e.reason().wire()).isEqualTo("NUMBER_ALREADY_BOUND");
              assertThat(e.metadata()).containsEntry("channel", "whatsapp");
              assertThat(e.getMessage()).contains("whatsapp");
            });
  }

  @ParameterizedTest
  @EnumSource(BindingChannel.class)
  void one_number_per_agent_and_channel_by_default(BindingChannel channel) {
    Binding agentElsewhere = binding(OTHER_NUMBER, AGENT, channel);

    assertThatThrownBy(() ->
            BindingRules.check(
                channel,
                NUMBER,
                AGENT,
                Optional.empty(),
                Optional.of(agentElsewhere),
                BindingConflictPolicy.REJECT))
        .isInstanceOfSatisfying(
            AlreadyExistsException.class,
            e -> {
              assertThat(e.reason().wire()).isEqualTo("AGENT_ALREADY_BOUND");
              assertThat(e.metadata()).containsEntry("channel", channel.name().toLowerCase());
            });
  }

  @ParameterizedTest
  @EnumSource(BindingChannel.class)
  void force_takes_the_number_over_and_lets_the_agent_serve_several_numbers(
      BindingChannel channel) {
    Binding numberTaken = binding(NUMBER, OTHER_AGENT, channel);
    Binding agentElsewhere = binding(OTHER_NUMBER, AGENT, channel);

    assertThatNoException()
        .isThrownBy(() ->
            BindingRules.check(
                channel,
                NUMBER,
                AGENT,
                Optional.of(numberTaken),
                Optional.of(agentElsewhere),
                BindingConflictPolicy.FORCE));
  }

  @ParameterizedTest
  @EnumSource(BindingChannel.class)
  void move_agent_lets_the_agent_leave_its_previous_number(BindingChannel channel) {
    Binding agentElsewhere = binding(OTHER_NUMBER, AGENT, channel);

    assertThatNoException()
        .isThrownBy(() ->
            BindingRules.check(
                channel,
                NUMBER,
                AGENT,
                Optional.empty(),
                Optional.of(agentElsewhere),
                BindingConflictPolicy.MOVE_AGENT));
  }
}
