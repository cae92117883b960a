package io.switchboard.application.binding;

import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.Binding;
import java.util.List;
import java.util.Optional;

public interface ListBindingsUseCase {
  List<Binding> list(
      RequestContext ctx, Optional<AgentId> agentId, Optional<PhoneNumberRef> number);
}
