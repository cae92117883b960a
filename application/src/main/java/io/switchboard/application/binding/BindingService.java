package io.switchboard.application.binding;

import io.switchboard.application.common.ChangeRecorder;
import io.switchboard.application.common.NumberViews;
import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.port.AgentRepository;
import io.switchboard.application.port.BindingRepository;
import io.switchboard.application.port.ChangeFeed;
import io.switchboard.application.port.PhoneNumberRepository;
import io.switchboard.application.port.Transactions;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.Binding;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.binding.BindingConflictPolicy;
import io.switchboard.domain.binding.BindingRules;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.Changes;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.error.FailedPreconditionException;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.org.Scope;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Binding agents to numbers per channel. Also used by the trunk use cases, inside their transactions. */
public final class BindingService implements BindAgentUseCase, UnbindAgentUseCase, ListBindingsUseCase {
  private final PhoneNumberRepository numbers;
  private final BindingRepository bindings;
  private final AgentRepository agents;
  private final Transactions tx;
  private final NumberViews views;
  private final ChangeRecorder recorder;
  private final Clock clock;

  public BindingService(PhoneNumberRepository numbers, BindingRepository bindings, AgentRepository agents,
      ChangeFeed feed, Transactions tx, Clock clock) {
    this.numbers = numbers;
    this.bindings = bindings;
    this.agents = agents;
    this.tx = tx;
    this.clock = clock;
    this.views = new NumberViews(numbers, bindings, agents);
    this.recorder = new ChangeRecorder(feed, clock);
  }

  @Override
  public PhoneNumberView bind(RequestContext ctx, Command command) {
    ctx.require(Scope.NUMBERS_WRITE);
    return tx.inTransaction(ctx.deadline(), () -> {
      PhoneNumber number = views.lockHeld(ctx.organizationId(), command.ref());
      requireCapable(number, command.channel());
      return views.view(bindLocked(ctx, number, command.channel(), command.agentId(), command.policy()));
    });
  }

  /**
   * Binds on a number the caller has already locked in the running transaction; returns the number with its version
   * advanced (bindings are part of what a number's etag covers).
   */
  public PhoneNumber bindLocked(RequestContext ctx, PhoneNumber number, BindingChannel channel, AgentId agentId,
      BindingConflictPolicy policy) {
    if (!putLocked(ctx, number, channel, agentId, policy)) {
      return number;
    }
    PhoneNumber touched = number.touched(clock.instant());
    numbers.update(touched);
    return touched;
  }

  /**
   * Binds on a number the caller has locked, recording the change, but leaves advancing the number's version to the
   * caller (which may change the number in the same step: one write, one version). Returns whether anything changed.
   */
  public boolean putLocked(RequestContext ctx, PhoneNumber number, BindingChannel channel, AgentId agentId,
      BindingConflictPolicy policy) {
    OrganizationId org = ctx.organizationId();
    agents.find(org, agentId).orElseThrow(() -> NotFoundException.of(Reason.AGENT_NOT_FOUND, agentId.value()));
    Optional<Binding> numberCurrent = bindings.find(org, number.id(), channel);
    if (numberCurrent.isPresent() && numberCurrent.get().agentId().equals(agentId)) {
      return false;
    }
    List<Binding> agentCurrent = bindings.findByAgent(org, agentId, channel);
    BindingRules.check(channel, number.id(), agentId, numberCurrent,
        agentCurrent.stream().filter(b -> !b.phoneNumberId().equals(number.id())).findFirst(), policy);
    Instant now = clock.instant();
    if (policy == BindingConflictPolicy.MOVE_AGENT) {
      for (Binding previous : agentCurrent) {
        if (!previous.phoneNumberId().equals(number.id())) {
          PhoneNumber other = numbers.lockById(org, previous.phoneNumberId()).orElseThrow();
          removeLocked(ctx, other, channel, previous);
        }
      }
    }
    Binding binding = new Binding(org, number.id(), channel, agentId, now);
    bindings.put(binding);
    recorder.record(ctx, ResourceType.BINDING, number.id() + "/" + lower(channel), Optional.of(number.number().value()),
        numberCurrent.isPresent() ? ChangeAction.UPDATED : ChangeAction.CREATED,
        Changes.diff(numberCurrent.map(Changes::describe).orElse(Map.of()), Changes.describe(binding)));
    return true;
  }

  @Override
  public PhoneNumberView unbind(RequestContext ctx, PhoneNumberRef ref, BindingChannel channel) {
    ctx.require(Scope.NUMBERS_WRITE);
    return tx.inTransaction(ctx.deadline(), () -> {
      PhoneNumber number = views.lockHeld(ctx.organizationId(), ref);
      Binding current = bindings.find(ctx.organizationId(), number.id(), channel)
          .orElseThrow(() -> new NotFoundException(Reason.BINDING_NOT_FOUND,
              "phone number " + ref + " has no agent bound on " + lower(channel)));
      return views.view(removeLocked(ctx, number, channel, current));
    });
  }

  @Override
  public List<PhoneNumberView> unbindAgent(RequestContext ctx, AgentId agentId, BindingChannel channel) {
    ctx.require(Scope.NUMBERS_WRITE);
    return tx.inTransaction(ctx.deadline(), () -> {
      List<Binding> current = bindings.findByAgent(ctx.organizationId(), agentId, channel);
      if (current.isEmpty()) {
        throw new NotFoundException(Reason.BINDING_NOT_FOUND,
            "agent " + agentId + " is not bound on " + lower(channel));
      }
      var changed = new ArrayList<PhoneNumber>();
      for (Binding b : current) {
        PhoneNumber number = numbers.lockById(ctx.organizationId(), b.phoneNumberId()).orElseThrow();
        changed.add(removeLocked(ctx, number, channel, b));
      }
      return views.views(ctx.organizationId(), changed);
    });
  }

  /** Removes a binding of a number locked by the caller; returns the number with its version advanced. */
  public PhoneNumber removeLocked(RequestContext ctx, PhoneNumber number, BindingChannel channel, Binding current) {
    deleteLocked(ctx, number, channel, current);
    PhoneNumber touched = number.touched(clock.instant());
    numbers.update(touched);
    return touched;
  }

  /** Removes a binding of a number locked by the caller, recording it; advancing the number's version is the caller's. */
  public void deleteLocked(RequestContext ctx, PhoneNumber number, BindingChannel channel, Binding current) {
    bindings.delete(ctx.organizationId(), number.id(), channel);
    recorder.record(ctx, ResourceType.BINDING, number.id() + "/" + lower(channel), Optional.of(number.number().value()),
        ChangeAction.DELETED, Changes.diff(Changes.describe(current), Map.of()));
  }

  @Override
  public List<Binding> list(RequestContext ctx, Optional<AgentId> agentId, Optional<PhoneNumberRef> number) {
    ctx.require(Scope.NUMBERS_READ);
    return tx.inTransaction(ctx.deadline(), () -> bindings.list(ctx.organizationId(), agentId,
        number.map(ref -> views.findHeld(ctx.organizationId(), ref).id())));
  }

  /** Rule: an agent takes calls only on a voice-capable number and texts only on an SMS-capable one. */
  public static void requireCapable(PhoneNumber number, BindingChannel channel) {
    boolean capable = switch (channel) {
      case CALL -> number.capabilities().voice();
      case SMS -> number.capabilities().sms();
      case WHATSAPP -> true;
    };
    if (!capable) {
      throw new FailedPreconditionException(Reason.CHANNEL_NOT_CAPABLE,
          "phone number " + number.number() + " is not " + (channel == BindingChannel.CALL ? "voice" : "SMS") + " capable",
          Map.of("channel", lower(channel)));
    }
  }

  private static String lower(BindingChannel channel) {
    return channel.name().toLowerCase(Locale.ROOT);
  }
}
