package io.switchboard.persistence.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.number.UpdatePhoneNumberUseCase;
import io.switchboard.application.routing.RouteResolution;
import io.switchboard.application.trunk.RegisterTrunkUseCase;
import io.switchboard.application.trunk.SipInput;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.binding.BindingConflictPolicy;
import io.switchboard.domain.channel.ChannelLimit;
import io.switchboard.domain.channel.ChannelSettingsPatch;
import io.switchboard.domain.channel.InboundChannelPatch;
import io.switchboard.domain.channel.OutboundChannelPatch;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.trunk.AdditionalSettings;
import io.switchboard.domain.trunk.TrunkChannel;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fixture itself: the real use cases over a fresh database, end to end, and a replica that sees
 * changes.
 */
class TestApplicationIT {
  static TestApplication app;

  @BeforeAll
  static void start() {
    app = TestApplication.start(TestApplicationIT.class);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void a_tenant_buys_configures_binds_and_the_number_routes() {
    var acme = app.tenant("acme");
    var ctx = acme.context(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE);
    var bought = acme.buy("+12084439178");
    acme.agent("agent-1", "Front desk");

    var updated =
        app.useCases()
            .updatePhoneNumber()
            .update(
                ctx,
                UpdatePhoneNumberUseCase.Command.channelSettings(
                    PhoneNumberRef.of(bought.number().id()),
                    new ChannelSettingsPatch(
                        new OutboundChannelPatch(
                            Patch.keep(), Patch.set(new ChannelLimit(5)), Patch.keep()),
                        OutboundChannelPatch.NONE,
                        new InboundChannelPatch(Patch.set(true), Patch.set(new ChannelLimit(3))))));
    assertThat(updated.number().channelSettings().voice().channelLimit().value()).isEqualTo(5);
    assertThat(updated.number().version()).isEqualTo(bought.number().version() + 1);

    app.useCases()
        .bindAgent()
        .bind(
            ctx,
            new io.switchboard.application.binding.BindAgentUseCase.Command(
                PhoneNumberRef.of(E164.parse("12084439178")),
                BindingChannel.CALL,
                new AgentId("agent-1"),
                BindingConflictPolicy.REJECT));

    RouteResolution route =
        app.useCases()
            .resolveInbound()
            .resolve(app.operator(), "+1 208-443-9178", BindingChannel.CALL, Optional.empty());
    assertThat(route.outcome()).isEqualTo(RouteResolution.Outcome.ROUTABLE);
    assertThat(route.agent().orElseThrow().agentName()).contains("Front desk");
    assertThat(route.channelLimit()).isEqualTo(3);
  }

  @Test
  void another_tenant_cannot_see_the_number() {
    var acme = app.tenant("acme");
    var other = app.tenant("other");
    var bought = acme.buy("+12084439179");
    assertThatThrownBy(() ->
            app.useCases()
                .getPhoneNumber()
                .get(other.context(), PhoneNumberRef.of(bought.number().id())))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void a_replica_on_the_same_database_sees_a_trunk_registered_through_the_first() throws Exception {
    var acme = app.tenant("acme");
    acme.agent("agent-7", "Sales");
    try (var replica = app.replica()) {
      var before =
          replica
              .useCases()
              .resolveInbound()
              .resolve(replica.operator(), "+12345678901", BindingChannel.CALL, Optional.empty());
      assertThat(before.outcome()).isEqualTo(RouteResolution.Outcome.UNKNOWN_NUMBER);

      app.useCases()
          .registerTrunk()
          .register(
              acme.context(),
              new RegisterTrunkUseCase.Command(
                  E164.parse("+12345678901"),
                  TrunkChannel.CALL,
                  Optional.of(new AgentId("agent-7")),
                  Optional.empty(),
                  Optional.empty(),
                  new SipInput(
                      Patch.keep(),
                      Patch.keep(),
                      Patch.set("user"),
                      Patch.set("s3cret"),
                      Patch.keep()),
                  AdditionalSettings.EMPTY,
                  BindingConflictPolicy.REJECT));

      long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
      RouteResolution after;
      do {
        after =
            replica
                .useCases()
                .resolveInbound()
                .resolve(replica.operator(), "+12345678901", BindingChannel.CALL, Optional.empty());
      } while (after.outcome() != RouteResolution.Outcome.ROUTABLE && System.nanoTime() < deadline);
      assertThat(after.outcome()).isEqualTo(RouteResolution.Outcome.ROUTABLE);
      assertThat(after.trunk()).isPresent();
    }
  }
}
