package io.switchboard.application.binding;

import io.switchboard.application.common.NumberViews;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.org.Scope;

/** Binds an agent to a number on one channel. */
public final class BindAgentService implements BindAgentUseCase {
  private final UseCaseSteps steps;
  private final NumberViews views;
  private final BindingWrites writes;

  public BindAgentService(UseCaseSteps steps, NumberViews views, BindingWrites writes) {
    this.steps = steps;
    this.views = views;
    this.writes = writes;
  }

  @Override
  public PhoneNumberView bind(RequestContext ctx, Command command) {
    return steps.inTransaction(
        ctx,
        Scope.NUMBERS_WRITE,
        () -> {
          PhoneNumber number = views.lockHeld(ctx.organizationId(), command.ref());
          BindingWrites.requireCapable(number, command.channel());
          return views.view(
              writes.bindLocked(
                  ctx, number, command.channel(), command.agentId(), command.policy()));
        });
  }
}
