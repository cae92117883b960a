package io.switchboard.application.binding;

import static io.switchboard.application.binding.BindingWrites.lower;

import io.switchboard.application.common.NumberViews;
import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.BindingRepository;
import io.switchboard.application.port.PhoneNumberRepository;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.Binding;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.org.Scope;
import java.util.ArrayList;
import java.util.List;

/**
 * Unbinds the agent of a number on one channel, or an agent from every number it holds on a
 * channel.
 */
public final class UnbindAgentService implements UnbindAgentUseCase {
  private final PhoneNumberRepository numbers;
  private final BindingRepository bindings;
  private final UseCaseSteps steps;
  private final NumberViews views;
  private final BindingWrites writes;

  public UnbindAgentService(
      PhoneNumberRepository numbers,
      BindingRepository bindings,
      UseCaseSteps steps,
      NumberViews views,
      BindingWrites writes) {
    this.numbers = numbers;
    this.bindings = bindings;
    this.steps = steps;
    this.views = views;
    this.writes = writes;
  }

  @Override
  public PhoneNumberView unbind(RequestContext ctx, PhoneNumberRef ref, BindingChannel channel) {
    return steps.inTransaction(
        ctx,
        Scope.NUMBERS_WRITE,
        () -> {
          PhoneNumber number = views.lockHeld(ctx.organizationId(), ref);
          Binding current =
              bindings
                  .find(ctx.organizationId(), number.id(), channel)
                  .orElseThrow(() ->
                      new NotFoundException(
                          Reason.BINDING_NOT_FOUND,
                          "phone number " + ref + " has no agent bound on " + lower(channel)));
          return views.view(writes.removeLocked(ctx, number, channel, current));
        });
  }

  @Override
  public List<PhoneNumberView> unbindAgent(
      RequestContext ctx, AgentId agentId, BindingChannel channel) {
    return steps.inTransaction(
        ctx,
        Scope.NUMBERS_WRITE,
        () -> {
          List<Binding> current = bindings.findByAgent(ctx.organizationId(), agentId, channel);
          if (current.isEmpty()) {
            throw new NotFoundException(
                Reason.BINDING_NOT_FOUND,
                "agent " + agentId + " is not bound on " + lower(channel));
          }
          var changed = new ArrayList<PhoneNumber>();
          for (Binding b : current) {
            PhoneNumber number =
                numbers.lockById(ctx.organizationId(), b.phoneNumberId()).orElseThrow();
            changed.add(writes.removeLocked(ctx, number, channel, b));
          }
          return views.views(ctx.organizationId(), changed);
        });
  }
}
