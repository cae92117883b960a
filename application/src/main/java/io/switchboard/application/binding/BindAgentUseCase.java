package io.switchboard.application.binding;

import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.binding.BindingConflictPolicy;
import java.util.Objects;

/** Bind a registered agent to a held number on a channel (call, sms, whatsapp). */
public interface BindAgentUseCase {
  PhoneNumberView bind(RequestContext ctx, Command command);

  record Command(
      PhoneNumberRef ref, BindingChannel channel, AgentId agentId, BindingConflictPolicy policy) {
    public Command {
      Objects.requireNonNull(ref, "ref");
      Objects.requireNonNull(channel, "channel");
      Objects.requireNonNull(agentId, "agentId");
      Objects.requireNonNull(policy, "policy");
    }
  }
}
