package io.switchboard.application.routing;

import static io.switchboard.application.UseCaseSupport.inbound;
import static io.switchboard.application.UseCaseSupport.ref;
import static io.switchboard.application.UseCaseSupport.refused;
import static io.switchboard.application.UseCaseSupport.usNumber;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.application.UseCaseFixture;
import io.switchboard.application.binding.BindAgentUseCase;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.number.UpdatePhoneNumberUseCase.Command;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.binding.BindingConflictPolicy;
import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.change.FieldChange;
import io.switchboard.domain.channel.ChannelLimit;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.PermissionDeniedException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.routing.RoutingPatch;
import io.switchboard.domain.routing.policy.PolicyDocument;
import io.switchboard.domain.routing.policy.RoutingAction;
import io.switchboard.domain.routing.policy.RoutingPoliciesPatch;
import io.switchboard.domain.routing.policy.RuleEvaluation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The policies stored with a number, evaluated by ResolveInbound and PreviewRouting from the cache.
 */
class RoutingPoliciesTest {
  static final Instant MONDAY_1904_BERLIN = Instant.parse("2026-11-30T18:04:00Z");
  static final Instant MONDAY_1000_BERLIN = Instant.parse("2026-11-30T09:00:00Z");
  static UseCaseFixture app;

  @BeforeAll
  static void start() {
    app = UseCaseFixture.start();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static final Map<String, Object> POLICIES =
      Map.of(
          "call",
          Map.of(
              "fallback", Map.of("agent_id", "backup-agent"),
              "caller_screening", Map.of("deny", List.of("+1900")),
              "business_hours",
                  Map.of(
                      "time_zone", "Europe/Berlin",
                      "weekly", Map.of("monday", List.of("09:00-18:00")),
                      "after_hours", Map.of("number", "+4930901820"))));

  private static PhoneNumberView numberWithPolicies(UseCaseFixture.Tenant tenant) {
    tenant.agent("main-agent", "Main");
    tenant.agent("backup-agent", "Backup");
    var bought = tenant.buy(usNumber());
    app.bindAgent()
        .bind(
            tenant.quickContext(),
            new BindAgentUseCase.Command(
                ref(bought),
                BindingChannel.CALL,
                new AgentId("main-agent"),
                BindingConflictPolicy.REJECT));
    return app.updatePhoneNumber()
        .update(
            tenant.quickContext(),
            Command.routing(
                ref(bought),
                RoutingPatch.NONE.withPolicies(PolicyDocument.parsePatch(POLICIES, "policies"))));
  }

  private static RouteResolution resolve(
      String number, String caller, Instant at, OptionalInt activeCalls) {
    app.routeCache().catchUp();
    return app.resolveInbound()
        .resolve(
            app.operator(),
            new ResolveInboundUseCase.Command(
                number,
                BindingChannel.CALL,
                Optional.ofNullable(caller),
                0,
                Optional.of(at),
                activeCalls));
  }

  @Test
  void resolve_inbound_evaluates_the_stored_policies_of_the_cached_route() {
    var acme = app.tenant("acme");
    String number = numberWithPolicies(acme).number().number().value();

    RouteResolution inHours =
        resolve(number, "+12084439178", MONDAY_1000_BERLIN, OptionalInt.empty());
    RouteResolution denied =
        resolve(number, "+19005550100", MONDAY_1000_BERLIN, OptionalInt.empty());
    RouteResolution afterHours =
        resolve(number, "+12084439178", MONDAY_1904_BERLIN, OptionalInt.empty());

    assertThat(inHours.decision().action()).isEqualTo(RoutingAction.ROUTE_TO_AGENT);
    assertThat(inHours.decision().target()).contains("main-agent");
    assertThat(denied.decision().action()).isEqualTo(RoutingAction.REJECT);
    assertThat(denied.decision().decidedBy().text()).isEqualTo("caller_denied: prefix +1900");
    assertThat(denied.outcome()).isEqualTo(RouteResolution.Outcome.ROUTABLE);
    assertThat(afterHours.decision().action()).isEqualTo(RoutingAction.TRANSFER_TO_NUMBER);
    assertThat(afterHours.decision().target()).contains("+4930901820");
    assertThat(afterHours.decision().decidedBy().text())
        .startsWith("after_hours: Europe/Berlin Mon 19:04 outside 09:00-18:00");
  }

  @Test
  void at_the_channel_limit_the_fallback_takes_the_call() {
    var acme = app.tenant("acme");
    var view = numberWithPolicies(acme);
    app.updatePhoneNumber()
        .update(
            acme.quickContext(),
            Command.channelSettings(
                ref(view), inbound(Patch.keep(), Patch.set(new ChannelLimit(2)))));

    RouteResolution full =
        resolve(view.number().number().value(), null, MONDAY_1000_BERLIN, OptionalInt.of(2));

    assertThat(full.decision().action()).isEqualTo(RoutingAction.ROUTE_TO_AGENT);
    assertThat(full.decision().target()).contains("backup-agent");
    assertThat(full.decision().explanation())
        .extracting(RuleEvaluation::result)
        .containsExactly(
            "number_active",
            "caller_allowed",
            "within_hours",
            "agent_available",
            "limit_reached",
            "fallback");
  }

  @Test
  void a_policy_change_reaches_the_cached_route_and_is_recorded_field_by_field() {
    var acme = app.tenant("acme");
    var view = numberWithPolicies(acme);
    String number = view.number().number().value();

    app.updatePhoneNumber()
        .update(
            acme.quickContext(),
            Command.routing(
                ref(view), RoutingPatch.NONE.withPolicies(RoutingPoliciesPatch.clearAll())));

    RouteResolution after =
        resolve(number, "+19005550100", MONDAY_1904_BERLIN, OptionalInt.empty());
    assertThat(after.decision().action()).isEqualTo(RoutingAction.ROUTE_TO_AGENT);
    List<FieldChange> cleared =
        app.allChanges().stream()
            .filter(e -> e.number().equals(Optional.of(number)))
            .map(ChangeEvent::changes)
            .reduce((first, last) -> last)
            .orElseThrow();
    assertThat(cleared)
        .extracting(FieldChange::field)
        .containsExactly(
            "routing.policies.call.business_hours",
            "routing.policies.call.caller_screening",
            "routing.policies.call.fallback");
    assertThat(cleared.get(2).from()).contains("agent backup-agent");
    assertThat(cleared.get(2).to()).isEmpty();
  }

  @Test
  void a_policy_naming_an_agent_of_no_one_or_another_organization_is_refused() {
    var acme = app.tenant("acme");
    var other = app.tenant("other");
    other.agent("their-agent", "Theirs");
    var bought = acme.buy(usNumber());

    refused(
        NotFoundException.class,
        Reason.AGENT_NOT_FOUND,
        () ->
            app.updatePhoneNumber()
                .update(
                    acme.quickContext(),
                    Command.routing(
                        ref(bought),
                        RoutingPatch.NONE.withPolicies(
                            PolicyDocument.parsePatch(
                                Map.of(
                                    "sms", Map.of("fallback", Map.of("agent_id", "their-agent"))),
                                "policies")))));
  }

  @Test
  void preview_answers_as_resolve_for_own_numbers_with_numbers_read_only() {
    var acme = app.tenant("acme");
    var other = app.tenant("other");
    String number = numberWithPolicies(acme).number().number().value();
    app.routeCache().catchUp();
    var command =
        new ResolveInboundUseCase.Command(
            number,
            BindingChannel.CALL,
            Optional.of("+19005550100"),
            0,
            Optional.of(MONDAY_1000_BERLIN),
            OptionalInt.empty());

    RouteResolution preview =
        app.previewRouting().preview(acme.quickContext(Scope.NUMBERS_READ), command);

    assertThat(preview.decision().decidedBy().text()).isEqualTo("caller_denied: prefix +1900");
    refused(
        NotFoundException.class,
        Reason.PHONE_NUMBER_NOT_FOUND,
        () -> app.previewRouting().preview(other.quickContext(Scope.NUMBERS_READ), command));
    refused(
        PermissionDeniedException.class,
        Reason.MISSING_SCOPE,
        () -> app.previewRouting().preview(acme.quickContext(Scope.NUMBERS_WRITE), command));
    refused(
        PermissionDeniedException.class,
        Reason.MISSING_SCOPE,
        () -> app.resolveInbound().resolve(acme.quickContext(Scope.NUMBERS_READ), command));
  }
}
