package io.switchboard.application.binding;

import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.BindingChannel;
import java.util.List;

/** Remove a binding, named from the number's side or from the agent's side. */
public interface UnbindAgentUseCase {
  /** Unbinds whatever agent the number has on the channel; NOT_FOUND when there is none. */
  PhoneNumberView unbind(RequestContext ctx, PhoneNumberRef ref, BindingChannel channel);

  /**
   * Unbinds the agent from every number it serves on the channel; NOT_FOUND when it serves none.
   */
  List<PhoneNumberView> unbindAgent(RequestContext ctx, AgentId agentId, BindingChannel channel);
}
