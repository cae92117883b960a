package io.switchboard.application.routing;

import static io.switchboard.application.UseCaseSupport.inbound;
import static io.switchboard.application.UseCaseSupport.inboundAgent;
import static io.switchboard.application.UseCaseSupport.ref;
import static io.switchboard.application.UseCaseSupport.refused;
import static io.switchboard.application.UseCaseSupport.trunk;
import static io.switchboard.application.UseCaseSupport.usNumber;
import static io.switchboard.application.UseCaseSupport.voice;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.application.UseCaseFixture;
import io.switchboard.application.binding.BindAgentUseCase;
import io.switchboard.application.number.UpdatePhoneNumberUseCase.Command;
import io.switchboard.application.routing.RouteResolution.Outcome;
import io.switchboard.application.trunk.SipInput;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.binding.BindingConflictPolicy;
import io.switchboard.domain.channel.ChannelLimit;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.PermissionDeniedException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.NumberStatus;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.routing.HttpsUrl;
import io.switchboard.domain.routing.RoutingPatch;
import io.switchboard.domain.routing.Webhook;
import io.switchboard.domain.routing.WebhookEvent;
import io.switchboard.domain.routing.WebhookMethod;
import io.switchboard.domain.trunk.TrunkChannel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RoutingService over the route cache: every outcome, and the cache following changes. */
class ResolveInboundTest {
  static UseCaseFixture app;

  @BeforeAll
  static void start() {
    app = UseCaseFixture.start();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static RouteResolution resolve(String number, BindingChannel channel) {
    // applies every committed change to the cache first, so the answer does not depend on
    // notification timing
    app.routeCache().catchUp();
    return app.resolveInbound()
        .resolve(app.operator(), number, channel, Optional.of("+15005550006"));
  }

  @Test
  void a_bound_number_is_routable_with_its_agent_channel_limit_and_trunk() {
    var acme = app.tenant("acme");
    acme.agent("router-agent", "Router agent");
    String number = usNumber();
    var bought = acme.buy(number);
    app.updatePhoneNumber()
        .update(
            acme.quickContext(),
            Command.channelSettings(
                ref(bought), inbound(Patch.keep(), Patch.set(new ChannelLimit(4)))));
    app.bindAgent()
        .bind(
            acme.quickContext(),
            new BindAgentUseCase.Command(
                ref(bought),
                BindingChannel.CALL,
                new AgentId("router-agent"),
                BindingConflictPolicy.REJECT));

    var route = resolve(number.replace("+1", "1 "), BindingChannel.CALL);

    assertThat(route.outcome()).isEqualTo(Outcome.ROUTABLE);
    assertThat(route.calledNumber()).isEqualTo(number);
    assertThat(route.channelEnabled()).isTrue();
    assertThat(route.channelLimit()).isEqualTo(4);
    assertThat(route.agent().orElseThrow().agentName()).contains("Router agent");
    assertThat(route.number().orElseThrow().id()).isEqualTo(bought.number().id());
    assertThat(route.trunk()).isEmpty();

    String external = usNumber();
    app.registerTrunk()
        .register(
            acme.quickContext(),
            trunk(external, TrunkChannel.WHATSAPP, Optional.empty(), SipInput.NONE));
    acme.agent("wa-agent", "WhatsApp agent");
    app.assignTrunk()
        .assign(
            acme.quickContext(),
            new io.switchboard.application.trunk.TrunkRef.ByKey(
                io.switchboard.domain.number.E164.parse(external), TrunkChannel.WHATSAPP),
            new AgentId("wa-agent"),
            BindingConflictPolicy.REJECT);
    var whatsapp = resolve(external, BindingChannel.WHATSAPP);
    assertThat(whatsapp.outcome()).isEqualTo(Outcome.ROUTABLE);
    assertThat(whatsapp.trunk().orElseThrow().channel()).isEqualTo(TrunkChannel.WHATSAPP);
  }

  @Test
  void
      without_an_agent_a_number_is_routable_only_through_its_inbound_agent_url_or_connection_webhook() {
    var acme = app.tenant("acme");
    acme.agent("inbound-agent", "Inbound");
    String number = usNumber();
    var bought = acme.buy(number);
    assertThat(resolve(number, BindingChannel.CALL).outcome()).isEqualTo(Outcome.NO_AGENT_BOUND);
    assertThat(resolve(number, BindingChannel.SMS).outcome()).isEqualTo(Outcome.NO_AGENT_BOUND);
    assertThat(resolve(number, BindingChannel.WHATSAPP).outcome())
        .isEqualTo(Outcome.NO_AGENT_BOUND);

    app.updatePhoneNumber()
        .update(
            acme.quickContext(),
            Command.routing(
                ref(bought),
                new RoutingPatch(
                    Patch.keep(),
                    Patch.set(new HttpsUrl("https://in.example.com")),
                    Patch.keep(),
                    Patch.keep(),
                    Patch.keep(),
                    Patch.keep())));
    assertThat(resolve(number, BindingChannel.SMS).outcome()).isEqualTo(Outcome.ROUTABLE);
    assertThat(resolve(number, BindingChannel.CALL).outcome()).isEqualTo(Outcome.NO_AGENT_BOUND);

    app.updatePhoneNumber()
        .update(
            acme.quickContext(),
            Command.routing(
                ref(bought),
                RoutingPatch.NONE.withWebhooks(
                    Patch.set(
                        List.of(
                            new Webhook(
                                List.of(WebhookEvent.PHONE_CALL_CONNECTION_REQUESTED),
                                new HttpsUrl("https://agents.example.com"),
                                WebhookMethod.POST,
                                Map.of(),
                                Optional.empty()))))));
    var viaWebhook = resolve(number, BindingChannel.CALL);
    assertThat(viaWebhook.outcome()).isEqualTo(Outcome.ROUTABLE);
    assertThat(viaWebhook.agent()).isEmpty();

    String other = usNumber();
    var second = acme.buy(other);
    app.updatePhoneNumber()
        .update(acme.quickContext(), Command.routing(ref(second), inboundAgent("inbound-agent")));
    var viaInboundAgent = resolve(other, BindingChannel.CALL);
    assertThat(viaInboundAgent.outcome()).isEqualTo(Outcome.ROUTABLE);
    assertThat(viaInboundAgent.agent().orElseThrow().agentId())
        .isEqualTo(new AgentId("inbound-agent"));
  }

  @Test
  void a_disabled_channel_or_inbound_switched_off_is_channel_disabled() {
    var acme = app.tenant("acme");
    acme.agent("off-agent", "Off");
    String number = usNumber();
    var bought = acme.buy(number);
    app.bindAgent()
        .bind(
            acme.quickContext(),
            new BindAgentUseCase.Command(
                ref(bought),
                BindingChannel.CALL,
                new AgentId("off-agent"),
                BindingConflictPolicy.REJECT));
    assertThat(resolve(number, BindingChannel.CALL).outcome()).isEqualTo(Outcome.ROUTABLE);

    app.updatePhoneNumber()
        .update(
            acme.quickContext(),
            Command.channelSettings(ref(bought), voice(Patch.set(false), Patch.keep())));
    var off = resolve(number, BindingChannel.CALL);
    assertThat(off.outcome()).isEqualTo(Outcome.CHANNEL_DISABLED);
    assertThat(off.channelEnabled()).isFalse();

    app.updatePhoneNumber()
        .update(
            acme.quickContext(),
            new Command(
                ref(bought),
                new io.switchboard.domain.channel.ChannelSettingsPatch(
                    new io.switchboard.domain.channel.OutboundChannelPatch(
                        Patch.set(true), Patch.keep(), Patch.keep()),
                    io.switchboard.domain.channel.OutboundChannelPatch.NONE,
                    new io.switchboard.domain.channel.InboundChannelPatch(
                        Patch.set(false), Patch.keep())),
                RoutingPatch.NONE,
                Optional.empty()));
    assertThat(resolve(number, BindingChannel.CALL).outcome()).isEqualTo(Outcome.CHANNEL_DISABLED);
  }

  @Test
  void unknown_released_and_inactive_numbers_say_why_they_do_not_route() {
    var acme = app.tenant("acme");
    assertThat(resolve(usNumber(), BindingChannel.CALL).outcome())
        .isEqualTo(Outcome.UNKNOWN_NUMBER);

    String released = usNumber();
    var bought = acme.buy(released);
    assertThat(resolve(released, BindingChannel.CALL).outcome()).isEqualTo(Outcome.NO_AGENT_BOUND);
    app.releasePhoneNumber().release(acme.quickContext(), ref(bought), false, Optional.empty());
    var route = resolve(released, BindingChannel.CALL);
    assertThat(route.outcome()).isEqualTo(Outcome.NUMBER_RELEASED);
    assertThat(route.number()).isEmpty();

    // No use case makes a number inactive (carriers do); the state is set in the store directly.
    String inactive = usNumber();
    acme.buy(inactive);
    app.database()
        .transactions()
        .run(() -> {
          var n = app.ports().numbers().findHeldAnywhere(E164.parse(inactive)).orElseThrow();
          app.ports()
              .numbers()
              .update(
                  new PhoneNumber(
                      n.id(),
                      n.organizationId(),
                      n.number(),
                      n.type(),
                      n.source(),
                      NumberStatus.INACTIVE,
                      n.compliance(),
                      n.capabilities(),
                      n.location(),
                      n.monthlyFee(),
                      n.channelSettings(),
                      n.routing(),
                      n.createdAt(),
                      n.updatedAt(),
                      n.releasedAt(),
                      n.version() + 1));
        });
    // written around the change feed, as a carrier import would be: the cache is told to reload
    app.routeCache().reload();
    assertThat(resolve(inactive, BindingChannel.CALL).outcome()).isEqualTo(Outcome.NUMBER_INACTIVE);
  }

  @Test
  void a_malformed_called_number_and_a_caller_without_the_routing_scope_are_refused() {
    var e =
        refused(
            InvalidArgumentException.class,
            Reason.INVALID_ARGUMENT,
            () ->
                app.resolveInbound()
                    .resolve(
                        app.operator(), "not-a-number", BindingChannel.CALL, Optional.empty()));
    assertThat(e.violations())
        .extracting(v -> v.field())
        .allMatch(f -> f.startsWith("called_number"));
    refused(
        PermissionDeniedException.class,
        Reason.MISSING_SCOPE,
        () ->
            app.resolveInbound()
                .resolve(
                    app.tenant("acme").quickContext(Scope.NUMBERS_READ),
                    usNumber(),
                    BindingChannel.CALL,
                    Optional.empty()));
  }
}
