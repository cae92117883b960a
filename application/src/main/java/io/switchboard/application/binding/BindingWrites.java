package io.switchboard.application.binding;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.AgentRepository;
import io.switchboard.application.port.BindingRepository;
import io.switchboard.application.port.PhoneNumberRepository;
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
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Binding writes on a number the running transaction has already locked: the binding use cases, the
 * trunk use cases and the number update (VoiceOS's inbound agent is the call binding) all bind and
 * unbind through these, under the binding rules, each recording its change.
 */
public final class BindingWrites {
  private final PhoneNumberRepository numbers;
  private final BindingRepository bindings;
  private final AgentRepository agents;
  private final UseCaseSteps steps;
  private final Clock clock;

  public BindingWrites(
      PhoneNumberRepository numbers,
      BindingRepository bindings,
      AgentRepository agents,
      UseCaseSteps steps,
      Clock clock) {
    this.numbers = numbers;
    this.bindings = bindings;
    this.agents = agents;
    this.steps = steps;
    this.clock = clock;
  }

  /**
   * Binds on a number the caller has already locked in the running transaction; returns the number
   * with its version advanced (bindings are part of what a number's etag covers).
   */
  public PhoneNumber bindLocked(
      RequestContext ctx,
      PhoneNumber number,
      BindingChannel channel,
      AgentId agentId,
      BindingConflictPolicy policy) {
    if (!putLocked(ctx, number, channel, agentId, policy)) {
      return number;
    }
    PhoneNumber touched = number.touched(clock.instant());
    numbers.update(touched);
    return touched;
  }

  /**
   * Binds on a number the caller has locked, recording the change, but leaves advancing the
   * number's version to the caller (which may change the number in the same step: one write, one
   * version). Returns whether anything changed.
   */
  public boolean putLocked(
      RequestContext ctx,
      PhoneNumber number,
      BindingChannel channel,
      AgentId agentId,
      BindingConflictPolicy policy) {
    OrganizationId org = ctx.organizationId();
    agents
        .find(org, agentId)
        .orElseThrow(() -> NotFoundException.of(Reason.AGENT_NOT_FOUND, agentId.value()));
    Optional<Binding> numberCurrent = bindings.find(org, number.id(), channel);
    if (numberCurrent.isPresent() && numberCurrent.get().agentId().equals(agentId)) {
      return false;
    }
    List<Binding> agentCurrent = bindings.findByAgent(org, agentId, channel);
    BindingRules.check(
        channel,
        number.id(),
        agentId,
        numberCurrent,
        agentCurrent.stream().filter(b -> !b.phoneNumberId().equals(number.id())).findFirst(),
        policy);
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
    steps.record(
        ctx,
        ResourceType.BINDING,
        number.id() + "/" + lower(channel),
        Optional.of(number.number().value()),
        numberCurrent.isPresent() ? ChangeAction.UPDATED : ChangeAction.CREATED,
        Changes.diff(
            numberCurrent.map(Changes::describe).orElse(Map.of()), Changes.describe(binding)));
    return true;
  }

  /**
   * Removes a binding of a number locked by the caller; returns the number with its version
   * advanced.
   */
  public PhoneNumber removeLocked(
      RequestContext ctx, PhoneNumber number, BindingChannel channel, Binding current) {
    deleteLocked(ctx, number, channel, current);
    PhoneNumber touched = number.touched(clock.instant());
    numbers.update(touched);
    return touched;
  }

  /**
   * Removes a binding of a number locked by the caller, recording it; advancing the number's
   * version is the caller's.
   */
  public void deleteLocked(
      RequestContext ctx, PhoneNumber number, BindingChannel channel, Binding current) {
    bindings.delete(ctx.organizationId(), number.id(), channel);
    steps.record(
        ctx,
        ResourceType.BINDING,
        number.id() + "/" + lower(channel),
        Optional.of(number.number().value()),
        ChangeAction.DELETED,
        Changes.diff(Changes.describe(current), Map.of()));
  }

  /**
   * Rule: an agent takes calls only on a voice-capable number and texts only on an SMS-capable one.
   */
  public static void requireCapable(PhoneNumber number, BindingChannel channel) {
    boolean capable =
        switch (channel) {
          case CALL -> number.capabilities().voice();
          case SMS -> number.capabilities().sms();
          case WHATSAPP -> true;
        };
    if (!capable) {
      throw new FailedPreconditionException(
          Reason.CHANNEL_NOT_CAPABLE,
          "phone number "
              + number.number()
              + " is not "
              + (channel == BindingChannel.CALL ? "voice" : "SMS")
              + " capable",
          Map.of("channel", lower(channel)));
    }
  }

  static String lower(BindingChannel channel) {
    return channel.name().toLowerCase(Locale.ROOT);
  }
}
