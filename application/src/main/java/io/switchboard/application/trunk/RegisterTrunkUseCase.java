package io.switchboard.application.trunk;

import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.BindingConflictPolicy;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.trunk.AdditionalSettings;
import io.switchboard.domain.trunk.TrunkChannel;
import io.switchboard.domain.trunk.TrunkDirection;
import io.switchboard.domain.trunk.TrunkName;
import java.util.Objects;
import java.util.Optional;

/**
 * Connect a number the organization owns elsewhere (its own SIP trunk, a WhatsApp line) on one
 * channel, optionally bound to an agent. The number is registered as external; it must not be in
 * purchased inventory, and (number, channel) must not have a trunk yet.
 */
public interface RegisterTrunkUseCase {
  Result register(RequestContext ctx, Command command);

  record Command(
      E164 number,
      TrunkChannel channel,
      Optional<AgentId> agentId,
      Optional<TrunkName> name,
      Optional<TrunkDirection> direction,
      SipInput sip,
      AdditionalSettings additionalSettings,
      BindingConflictPolicy policy) {
    public Command {
      Objects.requireNonNull(number, "number");
      Objects.requireNonNull(channel, "channel");
      Objects.requireNonNull(agentId, "agentId");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(direction, "direction");
      Objects.requireNonNull(sip, "sip");
      Objects.requireNonNull(additionalSettings, "additionalSettings");
      Objects.requireNonNull(policy, "policy");
    }
  }

  /** The trunk and the number's channel snapshot after the change. */
  record Result(TrunkView trunk, PhoneNumberView number) {}
}
