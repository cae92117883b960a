package io.switchboard.persistence.usecases;

import io.switchboard.domain.error.Reason;
import static io.switchboard.persistence.usecases.UseCaseSupport.label;
import static io.switchboard.persistence.usecases.UseCaseSupport.ref;
import static io.switchboard.persistence.usecases.UseCaseSupport.refused;
import static io.switchboard.persistence.usecases.UseCaseSupport.sip;
import static io.switchboard.persistence.usecases.UseCaseSupport.stored;
import static io.switchboard.persistence.usecases.UseCaseSupport.trunk;
import static io.switchboard.persistence.usecases.UseCaseSupport.usNumber;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.application.binding.BindAgentUseCase;
import io.switchboard.application.binding.BindingWrites;
import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.port.query.NumberFilter;
import io.switchboard.application.port.query.NumberQuery;
import io.switchboard.application.port.query.NumberSort;
import io.switchboard.application.number.UpdatePhoneNumberUseCase.Command;
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
import io.switchboard.persistence.testing.TestApplication;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every use case, called by another organization on acme's resources: not found, and nothing changes. */
class TenantIsolationIT {
  static TestApplication app;

  @BeforeAll
  static void start() {
    app = SharedApplication.get();
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
    app.useCases().bindAgent().bind(a, new BindAgentUseCase.Command(ref(number), BindingChannel.CALL,
        new AgentId("acme-agent"), BindingConflictPolicy.REJECT));
    String external = usNumber();
    var trunk = app.useCases().registerTrunk().register(a, trunk(external, TrunkChannel.CALL, Optional.empty(),
        sip("sip.acme.example", "acme-user", "acme-pass"))).trunk().trunk();
    var numberBefore = app.useCases().getPhoneNumber().get(a, ref(number)).number();
    var externalBefore = app.useCases().getPhoneNumber().get(a, ref(external)).number();
    var intruderOwn = intruder.buy(usNumber());

    List<PhoneNumberRef> numberRefs = List.of(ref(number), ref(purchased), ref(external));
    for (PhoneNumberRef r : numberRefs) {
      notFound("PHONE_NUMBER_NOT_FOUND", () -> app.useCases().getPhoneNumber().get(b, r));
      notFound("PHONE_NUMBER_NOT_FOUND", () -> app.useCases().updatePhoneNumber().update(b, Command.routing(r, label("mine"))));
      notFound("PHONE_NUMBER_NOT_FOUND", () -> app.useCases().releasePhoneNumber().release(b, r, false, Optional.empty()));
      notFound("PHONE_NUMBER_NOT_FOUND", () -> app.useCases().listPhoneNumberChanges().changes(b, r, 10, Optional.empty()));
      notFound("PHONE_NUMBER_NOT_FOUND", () -> app.useCases().bindAgent().bind(b, new BindAgentUseCase.Command(r,
          BindingChannel.SMS, new AgentId("intruder-agent"), BindingConflictPolicy.FORCE)));
      notFound("PHONE_NUMBER_NOT_FOUND", () -> app.useCases().unbindAgent().unbind(b, r, BindingChannel.CALL));
      notFound("PHONE_NUMBER_NOT_FOUND", () -> app.useCases().listBindings().list(b, Optional.empty(), Optional.of(r)));
    }
    notFound("AGENT_NOT_FOUND", () -> app.useCases().getAgent().get(b, new AgentId("acme-agent")));
    notFound("AGENT_NOT_FOUND", () -> app.useCases().bindAgent().bind(b, new BindAgentUseCase.Command(
        ref(intruderOwn), BindingChannel.CALL, new AgentId("acme-agent"), BindingConflictPolicy.FORCE)));
    notFound("AGENT_NOT_FOUND", () -> app.useCases().updatePhoneNumber().update(b,
        Command.routing(ref(intruderOwn), UseCaseSupport.inboundAgent("acme-agent"))));
    notFound("BINDING_NOT_FOUND",
        () -> app.useCases().unbindAgent().unbindAgent(b, new AgentId("acme-agent"), BindingChannel.CALL));
    assertThat(app.useCases().listBindings().list(b, Optional.of(new AgentId("acme-agent")), Optional.empty())).isEmpty();

    List<TrunkRef> trunkRefs = List.of(new TrunkRef.ById(trunk.id()),
        new TrunkRef.ByKey(E164.parse(external), TrunkChannel.CALL));
    for (TrunkRef r : trunkRefs) {
      notFound("TRUNK_NOT_FOUND", () -> app.useCases().getTrunk().get(b, r));
      notFound("TRUNK_NOT_FOUND", () -> app.useCases().updateTrunk().update(b, new UpdateTrunkUseCase.Command(r,
          Patch.set(new TrunkName("taken")), Patch.keep(), SipInput.NONE, Patch.keep(), Optional.empty())));
      notFound("TRUNK_NOT_FOUND", () -> app.useCases().assignTrunk().assign(b, r, new AgentId("intruder-agent"),
          BindingConflictPolicy.FORCE));
      notFound("TRUNK_NOT_FOUND", () -> app.useCases().deleteTrunk().delete(b, r));
      notFound("TRUNK_NOT_FOUND", () -> app.useCases().getTrunkCredentials().credentials(b, r));
    }
    assertThat(app.useCases().listTrunks().list(b, Optional.empty(), 100, Optional.empty()).items()).isEmpty();
    assertThat(app.useCases().listPhoneNumbers().list(b, new NumberQuery(NumberFilter.EVERYTHING, NumberSort.NEWEST_FIRST,
        100, Optional.empty(), 0, true)).items()).extracting(v -> v.number().id())
        .containsExactly(intruderOwn.number().id());

    // the same agent id in another organization is another agent
    app.useCases().upsertAgent().upsert(b, new AgentId("acme-agent"), "Intruder's own");
    assertThat(app.useCases().getAgent().get(a, new AgentId("acme-agent")).displayName()).isEqualTo("Acme agent");

    assertThat(stored(app.useCases().getPhoneNumber().get(a, ref(number)).number())).isEqualTo(stored(numberBefore));
    assertThat(stored(app.useCases().getPhoneNumber().get(a, ref(external)).number())).isEqualTo(stored(externalBefore));
    var trunkAfter = app.useCases().getTrunk().get(a, new TrunkRef.ById(trunk.id())).trunk();
    assertThat(trunkAfter.version()).isEqualTo(trunk.version());
    assertThat(trunkAfter.name()).isEqualTo(trunk.name());
    assertThat(app.useCases().getPhoneNumber().get(a, ref(number)).binding(BindingChannel.CALL).orElseThrow().agentId())
        .isEqualTo(new AgentId("acme-agent"));
  }

  private static void notFound(String reason, ThrowingCallable call) {
    refused(NotFoundException.class, reason, call);
  }
}
