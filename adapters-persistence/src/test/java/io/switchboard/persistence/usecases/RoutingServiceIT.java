package io.switchboard.persistence.usecases;

import static io.switchboard.persistence.usecases.UseCaseSupport.ref;
import static io.switchboard.persistence.usecases.UseCaseSupport.trunk;
import static io.switchboard.persistence.usecases.UseCaseSupport.usNumber;
import static io.switchboard.persistence.usecases.UseCaseSupport.voice;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.application.binding.BindAgentUseCase;
import io.switchboard.application.number.UpdatePhoneNumberUseCase.Command;
import io.switchboard.application.routing.RouteResolution;
import io.switchboard.application.routing.RouteResolution.Outcome;
import io.switchboard.application.trunk.SipInput;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.binding.BindingConflictPolicy;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.routing.HttpsUrl;
import io.switchboard.domain.routing.RoutingPatch;
import io.switchboard.domain.routing.Webhook;
import io.switchboard.domain.routing.WebhookEvent;
import io.switchboard.domain.routing.WebhookMethod;
import io.switchboard.domain.trunk.TrunkChannel;
import io.switchboard.persistence.testing.TestApplication;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RoutingService across replicas of one database: what only the database's change feed can carry.
 * Every outcome of a single instance is tested on the fakes (application's ResolveInboundTest).
 */
class RoutingServiceIT {
  static TestApplication app;

  @BeforeAll
  static void start() {
    app = SharedApplication.get();
  }

  private static RouteResolution resolve(String number, BindingChannel channel) {
    // applies every committed change to the cache first, so the answer does not depend on
    // notification timing
    app.useCases().routeCache().catchUp();
    return app.useCases()
        .resolveInbound()
        .resolve(app.operator(), number, channel, Optional.of("+15005550006"));
  }

  @Test
  void a_replica_cache_follows_changes_made_through_another_instance() throws Exception {
    var acme = app.tenant("acme");
    acme.agent("replica-agent", "Replica");
    String number = usNumber();
    var bought = acme.buy(number);
    try (var replica = app.replica()) {
      var before =
          replica
              .useCases()
              .resolveInbound()
              .resolve(replica.operator(), number, BindingChannel.CALL, Optional.empty());
      assertThat(before.outcome()).isEqualTo(Outcome.NO_AGENT_BOUND);

      app.useCases()
          .bindAgent()
          .bind(
              acme.quickContext(),
              new BindAgentUseCase.Command(
                  ref(bought),
                  BindingChannel.CALL,
                  new AgentId("replica-agent"),
                  BindingConflictPolicy.REJECT));
      replica.useCases().routeCache().catchUp();

      var after =
          replica
              .useCases()
              .resolveInbound()
              .resolve(replica.operator(), number, BindingChannel.CALL, Optional.empty());
      assertThat(after.outcome()).isEqualTo(Outcome.ROUTABLE);
    }
  }

  @Test
  void policies_set_through_one_instance_decide_a_replicas_answers_by_change_and_by_bulk_load()
      throws Exception {
    var acme = app.tenant("acme");
    acme.agent("policy-agent", "Policy");
    String number = usNumber();
    var bought = acme.buy(number);
    var command =
        new io.switchboard.application.routing.ResolveInboundUseCase.Command(
            number,
            BindingChannel.CALL,
            Optional.of("+19005550100"),
            0,
            Optional.empty(),
            java.util.OptionalInt.empty());
    try (var replica = app.replica()) {
      assertThat(
              replica
                  .useCases()
                  .resolveInbound()
                  .resolve(replica.operator(), command)
                  .decision()
                  .decidedBy()
                  .result())
          .isEqualTo("no_agent_bound");

      app.useCases()
          .updatePhoneNumber()
          .update(
              acme.quickContext(),
              Command.routing(
                  ref(bought),
                  RoutingPatch.NONE.withPolicies(
                      io.switchboard.domain.routing.policy.PolicyDocument.parsePatch(
                          Map.of(
                              "call",
                              Map.of(
                                  "fallback", Map.of("sip_uri", "sip:desk@sip.example.com"),
                                  "caller_screening", Map.of("deny", List.of("+1900")))),
                          "policies"))));
      replica.useCases().routeCache().catchUp();

      var byChange = replica.useCases().resolveInbound().resolve(replica.operator(), command);
      assertThat(byChange.decision().decidedBy().text()).isEqualTo("caller_denied: prefix +1900");
      var otherCaller =
          new io.switchboard.application.routing.ResolveInboundUseCase.Command(
              number, BindingChannel.CALL, Optional.of("+12084439178"), 0);
      var fallback = replica.useCases().resolveInbound().resolve(replica.operator(), otherCaller);
      assertThat(fallback.decision().action())
          .isEqualTo(io.switchboard.domain.routing.policy.RoutingAction.ROUTE_TO_SIP_URI);
      assertThat(fallback.decision().target()).contains("sip:desk@sip.example.com");
    }
    try (var later = app.replica()) {
      var byLoad = later.useCases().resolveInbound().resolve(later.operator(), command);
      assertThat(byLoad.decision().decidedBy().text()).isEqualTo("caller_denied: prefix +1900");
    }
  }

  @Test
  void
      a_replica_started_later_answers_every_route_from_its_bulk_load_as_the_writer_does_from_its_changes()
          throws Exception {
    var acme = app.tenant("acme");
    acme.agent("bulk-agent", "Bulk agent");
    List<String> numbers = new java.util.ArrayList<>();
    String bound = usNumber();
    numbers.add(bound);
    var boundView = acme.buy(bound);
    app.useCases()
        .bindAgent()
        .bind(
            acme.quickContext(),
            new BindAgentUseCase.Command(
                ref(boundView),
                BindingChannel.SMS,
                new AgentId("bulk-agent"),
                BindingConflictPolicy.REJECT));
    app.useCases()
        .updatePhoneNumber()
        .update(
            acme.quickContext(),
            Command.routing(
                ref(boundView),
                RoutingPatch.NONE.withWebhooks(
                    Patch.set(
                        List.of(
                            new Webhook(
                                List.of(WebhookEvent.PHONE_CALL_CONNECTION_REQUESTED),
                                new HttpsUrl("https://agents.example.com"),
                                WebhookMethod.POST,
                                Map.of(),
                                Optional.empty()))))));
    String external = usNumber();
    numbers.add(external);
    app.useCases()
        .registerTrunk()
        .register(
            acme.quickContext(),
            trunk(external, TrunkChannel.WHATSAPP, Optional.empty(), SipInput.NONE));
    app.useCases()
        .assignTrunk()
        .assign(
            acme.quickContext(),
            new io.switchboard.application.trunk.TrunkRef.ByKey(
                io.switchboard.domain.number.E164.parse(external), TrunkChannel.WHATSAPP),
            new AgentId("bulk-agent"),
            BindingConflictPolicy.REJECT);
    String released = usNumber();
    numbers.add(released);
    var releasedView = acme.buy(released);
    app.useCases()
        .releasePhoneNumber()
        .release(acme.quickContext(), ref(releasedView), false, Optional.empty());
    String off = usNumber();
    numbers.add(off);
    var offView = acme.buy(off);
    app.useCases()
        .updatePhoneNumber()
        .update(
            acme.quickContext(),
            Command.channelSettings(ref(offView), voice(Patch.set(false), Patch.keep())));

    try (var replica = app.replica()) {
      replica.useCases().routeCache().catchUp(); // the bulk load, and whatever committed since
      for (String number : numbers) {
        for (BindingChannel channel : BindingChannel.values()) {
          RouteResolution fromChanges = resolve(number, channel);
          RouteResolution fromLoad =
              replica
                  .useCases()
                  .resolveInbound()
                  .resolve(replica.operator(), number, channel, Optional.empty());
          assertThat(summary(fromLoad)).as(number + " " + channel).isEqualTo(summary(fromChanges));
        }
      }
      assertThat(summary(resolve(external, BindingChannel.WHATSAPP)))
          .contains("ROUTABLE", "bulk-agent", "Bulk agent", "WHATSAPP");
      assertThat(replica.useCases().routeCache().stats().misses())
          .as("no number was looked up one by one")
          .isZero();
    }
  }

  /** What a router reads from a resolution. */
  private static String summary(RouteResolution r) {
    return r.outcome()
        + " "
        + r.calledNumber()
        + " "
        + r.channelEnabled()
        + " "
        + r.channelLimit()
        + " "
        + r.agent()
            .map(a -> a.agentId().value() + "/" + a.agentName().orElse("") + "/" + a.boundAt())
            .orElse("-")
        + " "
        + r.trunk().map(t -> t.id() + "/" + t.channel()).orElse("-")
        + " "
        + r.number()
            .map(n ->
                n.id()
                    + "/"
                    + n.organizationId()
                    + "/"
                    + n.status()
                    + "/"
                    + n.label()
                    + "/"
                    + n.inboundUrl()
                    + "/"
                    + n.webhooks().size())
            .orElse("-");
  }
}
