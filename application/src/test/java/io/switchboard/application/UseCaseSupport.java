package io.switchboard.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.number.UpdatePhoneNumberUseCase;
import io.switchboard.application.trunk.RegisterTrunkUseCase;
import io.switchboard.application.trunk.SipInput;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.BindingConflictPolicy;
import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.channel.ChannelLimit;
import io.switchboard.domain.channel.ChannelSettingsPatch;
import io.switchboard.domain.channel.InboundChannelPatch;
import io.switchboard.domain.channel.OutboundChannelPatch;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.error.DomainException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.routing.Label;
import io.switchboard.domain.routing.RoutingPatch;
import io.switchboard.domain.trunk.AdditionalSettings;
import io.switchboard.domain.trunk.TrunkChannel;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Shortcuts shared by the use-case tests: numbers, patches, refusals. */
public final class UseCaseSupport {
  private static final AtomicInteger US_SUFFIX = new AtomicInteger();
  private static final AtomicInteger DE_SUFFIX = new AtomicInteger();

  private UseCaseSupport() {}

  /** A valid US number not used before in this JVM (+1 208 443 xxxx). */
  public static String usNumber() {
    return "+1208443" + String.format("%04d", US_SUFFIX.getAndIncrement());
  }

  /** A valid German number not used before in this JVM (+49 30 123 xxxxx). */
  public static String deNumber() {
    return "+4930123" + String.format("%04d", DE_SUFFIX.getAndIncrement());
  }

  /**
   * The number as the database keeps it: PostgreSQL stores microseconds, while a use case returns
   * the clock's nanoseconds in the view it answers with, so states are compared at microsecond
   * precision.
   */
  public static PhoneNumber stored(PhoneNumber n) {
    return new PhoneNumber(
        n.id(),
        n.organizationId(),
        n.number(),
        n.type(),
        n.source(),
        n.status(),
        n.compliance(),
        n.capabilities(),
        n.location(),
        n.monthlyFee(),
        n.channelSettings(),
        n.routing(),
        micros(n.createdAt()),
        micros(n.updatedAt()),
        n.releasedAt().map(UseCaseSupport::micros),
        n.version());
  }

  public static PhoneNumber stored(PhoneNumberView view) {
    return stored(view.number());
  }

  /** Rounded to the microsecond, as PostgreSQL rounds timestamps. */
  public static Instant micros(Instant t) {
    Instant down = t.truncatedTo(ChronoUnit.MICROS);
    return t.getNano() % 1000 >= 500 ? down.plus(1, ChronoUnit.MICROS) : down;
  }

  public static PhoneNumberRef ref(PhoneNumberView view) {
    return PhoneNumberRef.of(view.number().id());
  }

  public static PhoneNumberRef ref(String e164) {
    return PhoneNumberRef.of(E164.parse(e164));
  }

  public static RoutingPatch label(String label) {
    return new RoutingPatch(
        Patch.keep(),
        Patch.keep(),
        Patch.keep(),
        Patch.set(new Label(label)),
        Patch.keep(),
        Patch.keep());
  }

  public static RoutingPatch inboundAgent(String agentId) {
    return RoutingPatch.NONE.withInboundAgent(Patch.set(new AgentId(agentId)));
  }

  public static ChannelSettingsPatch voice(Patch<Boolean> enabled, Patch<ChannelLimit> limit) {
    return new ChannelSettingsPatch(
        new OutboundChannelPatch(enabled, limit, Patch.keep()),
        OutboundChannelPatch.NONE,
        InboundChannelPatch.NONE);
  }

  public static ChannelSettingsPatch sms(Patch<Boolean> enabled, Patch<ChannelLimit> limit) {
    return new ChannelSettingsPatch(
        OutboundChannelPatch.NONE,
        new OutboundChannelPatch(enabled, limit, Patch.keep()),
        InboundChannelPatch.NONE);
  }

  public static ChannelSettingsPatch inbound(Patch<Boolean> enabled, Patch<ChannelLimit> limit) {
    return new ChannelSettingsPatch(
        OutboundChannelPatch.NONE,
        OutboundChannelPatch.NONE,
        new InboundChannelPatch(enabled, limit));
  }

  public static PhoneNumberView setLabel(
      UseCaseFixture app, RequestContext ctx, PhoneNumberRef ref, String label) {
    return app.updatePhoneNumber()
        .update(ctx, UpdatePhoneNumberUseCase.Command.routing(ref, label(label)));
  }

  public static RegisterTrunkUseCase.Command trunk(
      String number, TrunkChannel channel, Optional<String> agent, SipInput sip) {
    return new RegisterTrunkUseCase.Command(
        E164.parse(number),
        channel,
        agent.map(AgentId::new),
        Optional.empty(),
        Optional.empty(),
        sip,
        AdditionalSettings.EMPTY,
        BindingConflictPolicy.REJECT);
  }

  public static RegisterTrunkUseCase.Command callTrunk(String number) {
    return trunk(number, TrunkChannel.CALL, Optional.empty(), SipInput.NONE);
  }

  public static SipInput sip(String gateway, String username, String password) {
    return new SipInput(
        Patch.set(new io.switchboard.domain.trunk.SipHost(gateway)),
        Patch.keep(),
        Patch.set(username),
        Patch.set(password),
        Patch.keep());
  }

  /**
   * Runs {@code call}, which must be refused with exactly this exception type and reason; returns
   * the refusal.
   */
  public static <E extends DomainException> E refused(
      Class<E> type, Reason reason, ThrowingCallable call) {
    return refused(type, reason.wire(), call);
  }

  /** The same, naming the reason by the wire string clients see. */
  public static <E extends DomainException> E refused(
      Class<E> type, String reason, ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).as("refusal").isInstanceOf(type);
    E e = type.cast(thrown);
    assertThat(e.reason().wire()).as("reason of " + e.getMessage()).isEqualTo(reason);
    return e;
  }

  /** The number's full history (newest first), read as an operator of its organization would. */
  public static List<ChangeEvent> history(
      UseCaseFixture app, RequestContext ctx, PhoneNumberRef ref) {
    return app.listPhoneNumberChanges().changes(ctx, ref, 1000, Optional.empty());
  }
}
