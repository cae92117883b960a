package io.switchboard.application;

import static io.switchboard.application.UseCaseSupport.label;
import static io.switchboard.application.UseCaseSupport.ref;
import static io.switchboard.application.UseCaseSupport.refused;
import static io.switchboard.application.UseCaseSupport.sip;
import static io.switchboard.application.UseCaseSupport.stored;
import static io.switchboard.application.UseCaseSupport.trunk;
import static io.switchboard.application.UseCaseSupport.usNumber;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.application.binding.BindAgentUseCase;
import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.number.UpdatePhoneNumberUseCase.Command;
import io.switchboard.application.port.query.NumberFilter;
import io.switchboard.application.port.query.NumberQuery;
import io.switchboard.application.port.query.NumberSort;
import io.switchboard.application.trunk.SipInput;
import io.switchboard.application.trunk.TrunkRef;
import io.switchboard.application.trunk.UpdateTrunkUseCase;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.binding.BindingConflictPolicy;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.trunk.TrunkChannel;
import io.switchboard.domain.trunk.TrunkName;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every use case, called by another organization on acme's resources: not found, and nothing
 * changes.
 */
class TenantIsolationTest {
  static UseCaseFixture app;

  @BeforeAll
  static void start() {
    app = UseCaseFixture.start();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void another_organizations_numbers_trunks_bindings_and_agents_are_not_found_by_any_use_case() {
    var acme = app.tenant("acme");
    var intruder = app.tenant("intruder");
    var a = acme.quickContext();
    var b = intruder.quickContext();
    acme.agent("acme-agent", "Acme agent");
    intruder.agent("intruder-agent", "Intruder agent");
    String purchased = usNumber();
    var number = acme.buy(purchased);
    app.bindAgent()
        .bind(
            a,
            new BindAgentUseCase.Command(
                ref(number),
                BindingChannel.CALL,
                new AgentId("acme-agent"),
                BindingConflictPolicy.REJECT));
    String external = usNumber();
    var trunk =
        app.registerTrunk()
            .register(
                a,
                trunk(
                    external,
                    TrunkChannel.CALL,
                    Optional.empty(),
                    sip("sip.acme.example", "acme-user", "acme-pass")))
            .trunk()
            .trunk();
    var numberBefore = app.getPhoneNumber().get(a, ref(number)).number();
    var externalBefore = app.getPhoneNumber().get(a, ref(external)).number();
    var intruderOwn = intruder.buy(usNumber());

    List<PhoneNumberRef> numberRefs = List.of(ref(number), ref(purchased), ref(external));
    for (PhoneNumberRef r : numberRefs) {
      notFound("PHONE_NUMBER_NOT_FOUND", () -> app.getPhoneNumber().get(b, r));
      notFound(
          "PHONE_NUMBER_NOT_FOUND",
          () -> app.updatePhoneNumber().update(b, Command.routing(r, label("mine"))));
      notFound(
          "PHONE_NUMBER_NOT_FOUND",
          () -> app.releasePhoneNumber().release(b, r, false, Optional.empty()));
      notFound(
          "PHONE_NUMBER_NOT_FOUND",
          () -> app.listPhoneNumberChanges().changes(b, r, 10, Optional.empty()));
      notFound(
          "PHONE_NUMBER_NOT_FOUND",
          () ->
              app.bindAgent()
                  .bind(
                      b,
                      new BindAgentUseCase.Command(
                          r,
                          BindingChannel.SMS,
                          new AgentId("intruder-agent"),
                          BindingConflictPolicy.FORCE)));
      notFound("PHONE_NUMBER_NOT_FOUND", () -> app.unbindAgent().unbind(b, r, BindingChannel.CALL));
      notFound(
          "PHONE_NUMBER_NOT_FOUND",
          () -> app.listBindings().list(b, Optional.empty(), Optional.of(r)));
    }
    notFound("AGENT_NOT_FOUND", () -> app.getAgent().get(b, new AgentId("acme-agent")));
    notFound(
        "AGENT_NOT_FOUND",
        () ->
            app.bindAgent()
                .bind(
                    b,
                    new BindAgentUseCase.Command(
                        ref(intruderOwn),
                        BindingChannel.CALL,
                        new AgentId("acme-agent"),
                        BindingConflictPolicy.FORCE)));
    notFound(
        "AGENT_NOT_FOUND",
        () ->
            app.updatePhoneNumber()
                .update(
                    b,
                    Command.routing(ref(intruderOwn), UseCaseSupport.inboundAgent("acme-agent"))));
    notFound(
        "BINDING_NOT_FOUND",
        () -> app.unbindAgent().unbindAgent(b, new AgentId("acme-agent"), BindingChannel.CALL));
    assertThat(app.listBindings().list(b, Optional.of(new AgentId("acme-agent")), Optional.empty()))
        .isEmpty();

    List<TrunkRef> trunkRefs =
        List.of(
            new TrunkRef.ById(trunk.id()),
            new TrunkRef.ByKey(E164.parse(external), TrunkChannel.CALL));
    for (TrunkRef r : trunkRefs) {
      notFound("TRUNK_NOT_FOUND", () -> app.getTrunk().get(b, r));
      notFound(
          "TRUNK_NOT_FOUND",
          () ->
              app.updateTrunk()
                  .update(
                      b,
                      new UpdateTrunkUseCase.Command(
                          r,
                          Patch.set(new TrunkName("taken")),
                          Patch.keep(),
                          SipInput.NONE,
                          Patch.keep(),
                          Optional.empty())));
      notFound(
          "TRUNK_NOT_FOUND",
          () ->
              app.assignTrunk()
                  .assign(b, r, new AgentId("intruder-agent"), BindingConflictPolicy.FORCE));
      notFound("TRUNK_NOT_FOUND", () -> app.deleteTrunk().delete(b, r));
      notFound("TRUNK_NOT_FOUND", () -> app.trunkCredentials().credentials(b, r));
    }
    assertThat(app.listTrunks().list(b, Optional.empty(), 100, Optional.empty()).items()).isEmpty();
    assertThat(
            app.listPhoneNumbers()
                .list(
                    b,
                    new NumberQuery(
                        NumberFilter.EVERYTHING,
                        NumberSort.NEWEST_FIRST,
                        100,
                        Optional.empty(),
                        0,
                        true))
                .items())
        .extracting(v -> v.number().id())
        .containsExactly(intruderOwn.number().id());

    // the same agent id in another organization is another agent
    app.upsertAgent().upsert(b, new AgentId("acme-agent"), "Intruder's own");
    assertThat(app.getAgent().get(a, new AgentId("acme-agent")).displayName())
        .isEqualTo("Acme agent");

    assertThat(stored(app.getPhoneNumber().get(a, ref(number)).number()))
        .isEqualTo(stored(numberBefore));
    assertThat(stored(app.getPhoneNumber().get(a, ref(external)).number()))
        .isEqualTo(stored(externalBefore));
    var trunkAfter = app.getTrunk().get(a, new TrunkRef.ById(trunk.id())).trunk();
    assertThat(trunkAfter.version()).isEqualTo(trunk.version());
    assertThat(trunkAfter.name()).isEqualTo(trunk.name());
    assertThat(
            app.getPhoneNumber()
                .get(a, ref(number))
                .binding(BindingChannel.CALL)
                .orElseThrow()
                .agentId())
        .isEqualTo(new AgentId("acme-agent"));
  }

  private static void notFound(String reason, ThrowingCallable call) {
    refused(NotFoundException.class, reason, call);
  }
}
