package io.switchboard.application.number;

import io.switchboard.application.binding.BindingWrites;
import io.switchboard.application.common.NumberViews;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.AgentRepository;
import io.switchboard.application.port.BindingRepository;
import io.switchboard.application.port.ChangeFeed;
import io.switchboard.application.port.PhoneNumberRepository;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.Binding;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.binding.BindingConflictPolicy;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.Changes;
import io.switchboard.domain.change.FieldChange;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.error.AlreadyExistsException;
import io.switchboard.domain.error.ConcurrencyConflictException;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.routing.OutboundTargetPolicy;
import io.switchboard.domain.routing.policy.BusinessHours;
import io.switchboard.domain.routing.policy.ChannelPolicyPatch;
import io.switchboard.domain.routing.policy.Destination;
import io.switchboard.domain.routing.policy.RoutingPoliciesPatch;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Patches a held number's channel settings and routing (the inbound agent included) under its row
 * lock.
 */
public final class UpdatePhoneNumberService implements UpdatePhoneNumberUseCase {
  private final PhoneNumberRepository numbers;
  private final BindingRepository bindings;
  private final AgentRepository agents;
  private final UseCaseSteps steps;
  private final NumberViews views;

  /** Applies VoiceOS's inbound agent, which is the call binding, under the binding rules. */
  private final BindingWrites callBindings;

  private final Clock clock;
  private final OutboundTargetPolicy outbound;

  public UpdatePhoneNumberService(
      PhoneNumberRepository numbers,
      BindingRepository bindings,
      AgentRepository agents,
      UseCaseSteps steps,
      NumberViews views,
      BindingWrites callBindings,
      Clock clock,
      OutboundTargetPolicy outbound) {
    this.numbers = numbers;
    this.bindings = bindings;
    this.agents = agents;
    this.steps = steps;
    this.views = views;
    this.callBindings = callBindings;
    this.clock = clock;
    this.outbound = outbound;
  }

  @Override
  public PhoneNumberView update(RequestContext ctx, Command command) {
    return steps.inTransaction(
        ctx,
        Scope.NUMBERS_WRITE,
        () -> {
          outbound.check(command.routing());
          requirePolicyAgents(ctx, command.routing().policies());
          // The row lock serializes concurrent patches: each applies to the state the previous one
          // committed.
          PhoneNumber current = views.lockHeld(ctx.organizationId(), command.ref());
          requireEtag(current, command.expectedEtag());
          Instant now = clock.instant();
          PhoneNumber next = current.withChanges(command.channelSettings(), command.routing(), now);
          boolean rebound = applyInboundAgent(ctx, current, command.routing().inboundAgent());
          // one write, one version, whatever it changed
          if (next != current) {
            // with its event and the view's bindings, in one statement: every binding write takes
            // the number's row lock first, so none can change between that read and the commit
            return NumberViews.view(numbers.update(next, updateEvent(ctx, current, next)));
          } else if (rebound) {
            next = current.touched(now); // bindings are part of what the etag covers
            numbers.update(next);
          }
          return views.view(next);
        });
  }

  /**
   * The inbound agent is the number's call binding (one fact, whichever door writes it): set binds
   * the call channel, or rebinds it when another agent had it ("inbound routing goes to the most
   * recently assigned agent"); clear unbinds. Refused, changing nothing in this transaction, when
   * the number cannot take voice or the agent already takes the calls of another number: another
   * number's binding is never moved silently.
   */
  private boolean applyInboundAgent(
      RequestContext ctx, PhoneNumber number, Patch<AgentId> inboundAgent) {
    return switch (inboundAgent) {
      case Patch.Set<AgentId> set -> {
        AgentId agent = set.value();
        agents
            .find(ctx.organizationId(), agent)
            .orElseThrow(() -> NotFoundException.of(Reason.AGENT_NOT_FOUND, agent.value()));
        BindingWrites.requireCapable(number, BindingChannel.CALL);
        for (Binding elsewhere :
            bindings.findByAgent(ctx.organizationId(), agent, BindingChannel.CALL)) {
          if (!elsewhere.phoneNumberId().equals(number.id())) {
            String other =
                numbers
                    .findById(ctx.organizationId(), elsewhere.phoneNumberId())
                    .map(n -> n.number().value())
                    .orElse("another number");
            throw new AlreadyExistsException(
                Reason.AGENT_ALREADY_BOUND,
                "agent "
                    + agent.value()
                    + " already takes the calls of "
                    + other
                    + "; an agent takes the calls of one number: clear it there"
                    + " first",
                Map.of("channel", "call", "phone_number", other));
          }
        }
        // the agent is free (checked above): FORCE only lets it take the number over from the agent
        // bound now
        yield callBindings.putLocked(
            ctx, number, BindingChannel.CALL, agent, BindingConflictPolicy.FORCE);
      }
      case Patch.Clear<AgentId> clear -> {
        var binding = bindings.find(ctx.organizationId(), number.id(), BindingChannel.CALL);
        binding.ifPresent(b -> callBindings.deleteLocked(ctx, number, BindingChannel.CALL, b));
        yield binding.isPresent();
      }
      default -> false;
    };
  }

  /** Rule: a policy sends traffic only to agents of the number's organization. */
  private void requirePolicyAgents(RequestContext ctx, RoutingPoliciesPatch patch) {
    for (ChannelPolicyPatch channel : patch.channels().values()) {
      var destinations = new java.util.ArrayList<Destination>(2);
      if (channel.fallback() instanceof Patch.Set<Destination> set) {
        destinations.add(set.value());
      }
      if (channel.businessHours() instanceof Patch.Set<BusinessHours> set) {
        set.value().afterHours().ifPresent(destinations::add);
      }
      for (Destination d : destinations) {
        if (d instanceof Destination.ToAgent(AgentId agent)
            && agents.find(ctx.organizationId(), agent).isEmpty()) {
          throw NotFoundException.of(Reason.AGENT_NOT_FOUND, agent.value());
        }
      }
    }
  }

  static void requireEtag(PhoneNumber current, Optional<String> expectedEtag) {
    if (expectedEtag.isPresent() && !expectedEtag.get().equals(current.etag())) {
      throw ConcurrencyConflictException.staleEtag("phone number");
    }
  }

  private ChangeFeed.Entry updateEvent(RequestContext ctx, PhoneNumber before, PhoneNumber after) {
    List<FieldChange> diff = Changes.diff(Changes.describe(before), Changes.describe(after));
    return steps.change(
        ctx,
        ResourceType.PHONE_NUMBER,
        after.id().toString(),
        Optional.of(after.number().value()),
        ChangeAction.UPDATED,
        diff);
  }
}
