package io.switchboard.application.binding;

import io.switchboard.application.common.NumberViews;
import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.BindingRepository;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.Binding;
import io.switchboard.domain.org.Scope;
import java.util.List;
import java.util.Optional;

/** The organization's bindings, of one agent or one number or all. */
public final class ListBindingsService implements ListBindingsUseCase {
  private final BindingRepository bindings;
  private final UseCaseSteps steps;
  private final NumberViews views;

  public ListBindingsService(BindingRepository bindings, UseCaseSteps steps, NumberViews views) {
    this.bindings = bindings;
    this.steps = steps;
    this.views = views;
  }

  @Override
  public List<Binding> list(
      RequestContext ctx, Optional<AgentId> agentId, Optional<PhoneNumberRef> number) {
    return steps.inTransaction(
        ctx,
        Scope.NUMBERS_READ,
        () ->
            bindings.list(
                ctx.organizationId(),
                agentId,
                number.map(ref -> views.findHeld(ctx.organizationId(), ref).id())));
  }
}
