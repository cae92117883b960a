package io.switchboard.domain.binding;

import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.error.AlreadyExistsException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.number.PhoneNumberId;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The uniqueness rules of bindings, applied to what the repository found. */
public final class BindingRules {
  private BindingRules() {}

  /**
   * Rule: one agent per (number, channel) and one number per (agent, channel), unless the policy
   * says otherwise.
   *
   * @param numberCurrent the binding the number has on the channel now
   * @param agentCurrent the binding the agent has on the channel now (on any number)
   */
  public static void check(
      BindingChannel channel,
      PhoneNumberId number,
      AgentId agent,
      Optional<Binding> numberCurrent,
      Optional<Binding> agentCurrent,
      BindingConflictPolicy policy) {
    if (policy == BindingConflictPolicy.FORCE) {
      return;
    }
    if (numberCurrent.isPresent() && !numberCurrent.get().agentId().equals(agent)) {
      throw new AlreadyExistsException(
          Reason.NUMBER_ALREADY_BOUND,
          "the number is already bound to another agent on "
              + channel.name().toLowerCase(Locale.ROOT),
          Map.of("channel", channel.name().toLowerCase(Locale.ROOT)));
    }
    if (policy == BindingConflictPolicy.REJECT
        && agentCurrent.isPresent()
        && !agentCurrent.get().phoneNumberId().equals(number)) {
      throw new AlreadyExistsException(
          Reason.AGENT_ALREADY_BOUND,
          "the agent already serves another number on " + channel.name().toLowerCase(Locale.ROOT),
          Map.of("channel", channel.name().toLowerCase(Locale.ROOT)));
    }
  }
}
