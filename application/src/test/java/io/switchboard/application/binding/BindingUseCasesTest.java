package io.switchboard.application.binding;

import static io.switchboard.application.UseCaseSupport.history;
import static io.switchboard.application.UseCaseSupport.ref;
import static io.switchboard.application.UseCaseSupport.refused;
import static io.switchboard.application.UseCaseSupport.usNumber;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.application.UseCaseFixture;
import io.switchboard.application.binding.BindAgentUseCase.Command;
import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.Binding;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.binding.BindingConflictPolicy;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.error.AlreadyExistsException;
import io.switchboard.domain.error.FailedPreconditionException;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.PermissionDeniedException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.number.Capabilities;
import io.switchboard.domain.number.NumberType;
import io.switchboard.domain.org.Scope;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * BindingService: one agent per (number, channel), one number per (agent, channel) unless FORCE or
 * MOVE_AGENT.
 */
class BindingUseCasesTest {
  static UseCaseFixture app;

  @BeforeAll
  static void start() {
    app = UseCaseFixture.start();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static PhoneNumberView bind(
      RequestContext ctx,
      PhoneNumberView number,
      BindingChannel channel,
      String agent,
      BindingConflictPolicy policy) {
    return app.bindAgent().bind(ctx, new Command(ref(number), channel, new AgentId(agent), policy));
  }

  private static PhoneNumberView current(RequestContext ctx, PhoneNumberView number) {
    return app.getPhoneNumber().get(ctx, ref(number));
  }

  @Test
  void an_agent_is_bound_on_each_channel_and_the_number_version_advances_with_each_binding() {
    var acme = app.tenant("acme");
    var ctx = acme.context();
    acme.agent("caller", "Caller");
    acme.agent("texter", "Texter");
    acme.agent("chatter", "Chatter");
    var number = acme.buy(usNumber());

    var afterCall = bind(ctx, number, BindingChannel.CALL, "caller", BindingConflictPolicy.REJECT);
    var afterSms = bind(ctx, number, BindingChannel.SMS, "texter", BindingConflictPolicy.REJECT);
    var afterWhatsapp =
        bind(ctx, number, BindingChannel.WHATSAPP, "chatter", BindingConflictPolicy.REJECT);

    assertThat(afterCall.number().version()).isEqualTo(2);
    assertThat(afterWhatsapp.number().version()).isEqualTo(4);
    assertThat(afterSms.binding(BindingChannel.SMS))
        .hasValueSatisfying(b -> {
          assertThat(b.agentId()).isEqualTo(new AgentId("texter"));
          assertThat(b.agentName()).contains("Texter");
        });
    assertThat(current(ctx, number).bindings())
        .containsOnlyKeys(BindingChannel.CALL, BindingChannel.SMS, BindingChannel.WHATSAPP);
    ChangeEvent latest = history(app, ctx, ref(number)).get(0);
    assertThat(latest.resourceType()).isEqualTo(ResourceType.BINDING);
    assertThat(latest.action()).isEqualTo(ChangeAction.CREATED);
    assertThat(latest.resourceId()).isEqualTo(number.number().id() + "/whatsapp");

    // binding the same agent again changes nothing
    var again = bind(ctx, number, BindingChannel.CALL, "caller", BindingConflictPolicy.REJECT);
    assertThat(again.number().version()).isEqualTo(4);
  }

  @Test
  void a_number_bound_to_another_agent_is_refused_unless_forced() {
    var acme = app.tenant("acme");
    var ctx = acme.context();
    acme.agent("first", "First");
    acme.agent("second", "Second");
    var number = acme.buy(usNumber());
    var bound = bind(ctx, number, BindingChannel.CALL, "first", BindingConflictPolicy.REJECT);

    var e =
        refused(
            AlreadyExistsException.class,
            Reason.NUMBER_ALREADY_BOUND,
            () -> bind(ctx, number, BindingChannel.CALL, "second", BindingConflictPolicy.REJECT));
    assertThat(e.metadata()).containsEntry("channel", "call");
    refused(
        AlreadyExistsException.class,
        Reason.NUMBER_ALREADY_BOUND,
        () -> bind(ctx, number, BindingChannel.CALL, "second", BindingConflictPolicy.MOVE_AGENT));
    assertThat(current(ctx, number).number().version()).isEqualTo(bound.number().version());
    assertThat(current(ctx, number).binding(BindingChannel.CALL).orElseThrow().agentId())
        .isEqualTo(new AgentId("first"));

    var forced = bind(ctx, number, BindingChannel.CALL, "second", BindingConflictPolicy.FORCE);
    assertThat(forced.binding(BindingChannel.CALL).orElseThrow().agentId())
        .isEqualTo(new AgentId("second"));
    assertThat(history(app, ctx, ref(number)).get(0).action()).isEqualTo(ChangeAction.UPDATED);
  }

  @Test
  void an_agent_serving_another_number_is_refused_unless_forced_or_moved() {
    var acme = app.tenant("acme");
    var ctx = acme.context();
    acme.agent("busy", "Busy");
    var first = acme.buy(usNumber());
    var second = acme.buy(usNumber());
    var third = acme.buy(usNumber());
    bind(ctx, first, BindingChannel.SMS, "busy", BindingConflictPolicy.REJECT);

    refused(
        AlreadyExistsException.class,
        Reason.AGENT_ALREADY_BOUND,
        () -> bind(ctx, second, BindingChannel.SMS, "busy", BindingConflictPolicy.REJECT));
    assertThat(current(ctx, second).bindings()).isEmpty();
    assertThat(current(ctx, second).number().version()).isOne();

    // another channel is no conflict
    bind(ctx, second, BindingChannel.CALL, "busy", BindingConflictPolicy.REJECT);

    bind(ctx, second, BindingChannel.SMS, "busy", BindingConflictPolicy.FORCE);
    assertThat(current(ctx, first).binding(BindingChannel.SMS)).isPresent();
    assertThat(current(ctx, second).binding(BindingChannel.SMS)).isPresent();

    bind(ctx, third, BindingChannel.SMS, "busy", BindingConflictPolicy.MOVE_AGENT);
    assertThat(current(ctx, first).binding(BindingChannel.SMS)).isEmpty();
    assertThat(current(ctx, second).binding(BindingChannel.SMS)).isEmpty();
    assertThat(current(ctx, third).binding(BindingChannel.SMS)).isPresent();
    assertThat(current(ctx, second).binding(BindingChannel.CALL)).isPresent();
  }

  @Test
  void an_unknown_agent_cannot_be_bound() {
    var acme = app.tenant("acme");
    var number = acme.buy(usNumber());
    app.tenant("other").agent("foreign", "Other organization's agent");
    refused(
        NotFoundException.class,
        "AGENT_NOT_FOUND",
        () ->
            bind(
                acme.context(),
                number,
                BindingChannel.CALL,
                "foreign",
                BindingConflictPolicy.REJECT));
    assertThat(current(acme.context(), number).number().version()).isOne();
    assertThat(history(app, acme.context(), ref(number))).hasSize(1);
  }

  @Test
  void an_agent_cannot_take_calls_on_a_number_without_voice_nor_texts_without_sms() {
    var acme = app.tenant("acme");
    var ctx = acme.context();
    acme.agent("texter", "Texter");
    var voiceOnly = acme.buy(usNumber(), NumberType.LOCAL, Capabilities.VOICE_ONLY, "1");
    var e =
        refused(
            FailedPreconditionException.class,
            Reason.CHANNEL_NOT_CAPABLE,
            () -> bind(ctx, voiceOnly, BindingChannel.SMS, "texter", BindingConflictPolicy.REJECT));
    assertThat(e.metadata()).containsEntry("channel", "sms");
    var smsOnly =
        acme.buy(
            usNumber(),
            NumberType.LOCAL,
            new Capabilities(false, true, false, false, false, false),
            "1");
    refused(
        FailedPreconditionException.class,
        Reason.CHANNEL_NOT_CAPABLE,
        () -> bind(ctx, smsOnly, BindingChannel.CALL, "texter", BindingConflictPolicy.REJECT));
    assertThat(current(ctx, voiceOnly).bindings()).isEmpty();
    assertThat(current(ctx, smsOnly).bindings()).isEmpty();
  }

  @Test
  void a_released_number_cannot_be_bound() {
    var acme = app.tenant("acme");
    var ctx = acme.context();
    acme.agent("late", "Late");
    var number = acme.buy(usNumber());
    app.releasePhoneNumber().release(ctx, ref(number), false, Optional.empty());
    refused(
        NotFoundException.class,
        "PHONE_NUMBER_NOT_FOUND",
        () -> bind(ctx, number, BindingChannel.CALL, "late", BindingConflictPolicy.REJECT));
  }

  @Test
  void binding_needs_the_write_scope() {
    var acme = app.tenant("acme");
    acme.agent("a", "A");
    var number = acme.buy(usNumber());
    refused(
        PermissionDeniedException.class,
        Reason.MISSING_SCOPE,
        () ->
            bind(
                acme.quickContext(Scope.NUMBERS_READ),
                number,
                BindingChannel.CALL,
                "a",
                BindingConflictPolicy.REJECT));
    assertThat(current(acme.context(), number).bindings()).isEmpty();
  }

  @Test
  void unbinding_from_the_number_side_or_the_agent_side_and_refusing_what_is_not_bound() {
    var acme = app.tenant("acme");
    var ctx = acme.context();
    acme.agent("everywhere", "Everywhere");
    var first = acme.buy(usNumber());
    var second = acme.buy(usNumber());
    bind(ctx, first, BindingChannel.CALL, "everywhere", BindingConflictPolicy.REJECT);
    bind(ctx, second, BindingChannel.CALL, "everywhere", BindingConflictPolicy.FORCE);
    bind(ctx, first, BindingChannel.SMS, "everywhere", BindingConflictPolicy.REJECT);

    var unbound = app.unbindAgent().unbind(ctx, ref(first), BindingChannel.SMS);
    assertThat(unbound.binding(BindingChannel.SMS)).isEmpty();
    assertThat(history(app, ctx, ref(first)).get(0).action()).isEqualTo(ChangeAction.DELETED);
    long version = unbound.number().version();
    refused(
        NotFoundException.class,
        Reason.BINDING_NOT_FOUND,
        () -> app.unbindAgent().unbind(ctx, ref(first), BindingChannel.SMS));
    assertThat(current(ctx, first).number().version()).isEqualTo(version);

    var changed =
        app.unbindAgent().unbindAgent(ctx, new AgentId("everywhere"), BindingChannel.CALL);
    assertThat(changed)
        .extracting(v -> v.number().id())
        .containsExactlyInAnyOrder(first.number().id(), second.number().id());
    assertThat(current(ctx, first).bindings()).isEmpty();
    assertThat(current(ctx, second).bindings()).isEmpty();
    refused(
        NotFoundException.class,
        Reason.BINDING_NOT_FOUND,
        () -> app.unbindAgent().unbindAgent(ctx, new AgentId("everywhere"), BindingChannel.CALL));
  }

  @Test
  void bindings_are_listed_by_agent_by_number_or_both() {
    var acme = app.tenant("acme");
    var ctx = acme.context();
    acme.agent("one", "One");
    acme.agent("two", "Two");
    var first = acme.buy(usNumber());
    var second = acme.buy(usNumber());
    bind(ctx, first, BindingChannel.CALL, "one", BindingConflictPolicy.REJECT);
    bind(ctx, first, BindingChannel.SMS, "two", BindingConflictPolicy.REJECT);
    bind(ctx, second, BindingChannel.CALL, "two", BindingConflictPolicy.REJECT);

    assertThat(app.listBindings().list(ctx, Optional.empty(), Optional.empty())).hasSize(3);
    assertThat(app.listBindings().list(ctx, Optional.of(new AgentId("two")), Optional.empty()))
        .extracting(Binding::channel)
        .containsExactlyInAnyOrder(BindingChannel.SMS, BindingChannel.CALL);
    assertThat(app.listBindings().list(ctx, Optional.empty(), Optional.of(ref(first))))
        .extracting(Binding::agentId)
        .containsExactlyInAnyOrder(new AgentId("one"), new AgentId("two"));
    assertThat(
            app.listBindings().list(ctx, Optional.of(new AgentId("one")), Optional.of(ref(second))))
        .isEmpty();
    refused(
        NotFoundException.class,
        "PHONE_NUMBER_NOT_FOUND",
        () ->
            app.listBindings()
                .list(
                    ctx,
                    Optional.empty(),
                    Optional.of(
                        PhoneNumberRef.of(io.switchboard.domain.number.E164.parse(usNumber())))));
  }
}
