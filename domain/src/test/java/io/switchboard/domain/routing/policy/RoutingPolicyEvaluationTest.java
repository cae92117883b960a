package io.switchboard.domain.routing.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.NumberStatus;
import io.switchboard.domain.routing.policy.RuleEvaluation.Rule;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RoutingPolicyEvaluationTest {
  private static final AgentId AGENT = new AgentId("agent-1");
  private static final Instant MONDAY_1904_BERLIN = Instant.parse("2026-11-30T18:04:00Z");
  private static final Instant MONDAY_1000_BERLIN = Instant.parse("2026-11-30T09:00:00Z");
  private static final Destination TRANSFER = new Destination.ToNumber(E164.parse("+4930901820"));
  private static final Destination SIP =
      new Destination.ToSipUri(new SipUri("sip:desk@sip.example.com"));

  private static RouteFacts facts(ChannelPolicy policy) {
    return new RouteFacts(NumberStatus.ACTIVE, true, Optional.of(AGENT), true, false, 5, policy);
  }

  private static InboundCall call(String caller, Instant at) {
    return new InboundCall(Optional.ofNullable(caller), at, OptionalInt.empty());
  }

  private static ChannelPolicy policy(
      Destination fallback, CallerScreening screening, BusinessHours hours) {
    return new ChannelPolicy(
        Optional.ofNullable(fallback), Optional.ofNullable(screening), Optional.ofNullable(hours));
  }

  private static CallerScreening deny(String... prefixes) {
    return new CallerScreening(
        List.of(), List.of(prefixes).stream().map(CallerPrefix::new).toList(), false);
  }

  private static BusinessHours officeHours(Destination afterHours) {
    return new BusinessHours(
        ZoneId.of("Europe/Berlin"),
        Map.of(DayOfWeek.MONDAY, List.of(TimeRange.parse("09:00-18:00"))),
        Map.of(),
        Optional.ofNullable(afterHours));
  }

  private static List<String> texts(RoutingDecision d) {
    return d.explanation().stream().map(RuleEvaluation::text).toList();
  }

  @Test
  void without_policies_the_call_goes_to_the_bound_agent() {
    RoutingDecision d =
        RoutingPolicyEvaluation.evaluate(
            facts(ChannelPolicy.NONE), call("+12084439178", MONDAY_1000_BERLIN));

    assertThat(d.action()).isEqualTo(RoutingAction.ROUTE_TO_AGENT);
    assertThat(d.target()).contains("agent-1");
    assertThat(texts(d))
        .containsExactly("number_active: status active", "agent_available: agent agent-1");
    assertThat(d.decidedBy().rule()).isEqualTo(Rule.AVAILABILITY);
  }

  @Test
  void an_unknown_or_released_number_is_rejected_by_its_state() {
    assertThat(RoutingPolicyEvaluation.absent(false).decidedBy().text())
        .isEqualTo("unknown_number: no organization holds the number");
    assertThat(RoutingPolicyEvaluation.absent(true).target()).contains("number_released");
  }

  @Test
  void an_inactive_number_is_rejected_before_any_policy_even_with_a_fallback() {
    var facts =
        new RouteFacts(
            NumberStatus.PENDING,
            true,
            Optional.of(AGENT),
            true,
            false,
            0,
            policy(TRANSFER, deny("+1"), null));

    RoutingDecision d =
        RoutingPolicyEvaluation.evaluate(facts, call("+12084439178", MONDAY_1000_BERLIN));

    assertThat(d.action()).isEqualTo(RoutingAction.REJECT);
    assertThat(texts(d)).containsExactly("number_inactive: status pending");
  }

  @Test
  void a_denied_caller_is_rejected_with_the_prefix_that_matched_and_no_fallback_applies() {
    RoutingDecision d =
        RoutingPolicyEvaluation.evaluate(
            facts(policy(TRANSFER, deny("+1900"), null)), call("+19005550100", MONDAY_1000_BERLIN));

    assertThat(d.action()).isEqualTo(RoutingAction.REJECT);
    assertThat(d.target()).contains("caller_denied");
    assertThat(d.decidedBy().text()).isEqualTo("caller_denied: prefix +1900");
    assertThat(d.decidedBy().rule()).isEqualTo(Rule.CALLER_SCREENING);
  }

  @Test
  void the_deny_list_wins_over_the_allow_list() {
    var screening =
        new CallerScreening(
            List.of(new CallerPrefix("+49")), List.of(new CallerPrefix("+49900")), false);

    assertThat(screening.screen(Optional.of("+499001234567")))
        .isInstanceOf(CallerScreening.Denied.class);
    assertThat(screening.screen(Optional.of("+4930901820")))
        .isInstanceOf(CallerScreening.Allowed.class);
    assertThat(screening.screen(Optional.of("+12084439178")))
        .isEqualTo(
            new CallerScreening.Denied(
                "caller_not_allowed", "+12084439178 matches no allow-list entry"));
  }

  @Test
  void anonymous_callers_are_rejected_when_asked_and_when_an_allow_list_has_entries() {
    var rejectAnonymous = new CallerScreening(List.of(), List.of(), true);
    var allowOnly = new CallerScreening(List.of(new CallerPrefix("+49")), List.of(), false);
    var open = new CallerScreening(List.of(), List.of(new CallerPrefix("+1900")), false);

    RoutingDecision d =
        RoutingPolicyEvaluation.evaluate(
            facts(policy(null, rejectAnonymous, null)), call(null, MONDAY_1000_BERLIN));
    assertThat(d.decidedBy().text()).isEqualTo("caller_anonymous: anonymous callers are rejected");
    assertThat(allowOnly.screen(Optional.empty())).isInstanceOf(CallerScreening.Denied.class);
    assertThat(open.screen(Optional.empty())).isInstanceOf(CallerScreening.Allowed.class);
  }

  @Test
  void the_caller_is_normalized_as_the_called_number_is_and_a_non_number_is_anonymous() {
    assertThat(InboundCall.caller(Optional.of("+1 (900) 555-0100"))).contains("+19005550100");
    assertThat(InboundCall.caller(Optional.of("anonymous"))).isEmpty();
    assertThat(InboundCall.caller(Optional.empty())).isEmpty();
  }

  @Test
  void after_hours_the_after_hours_destination_decides_and_names_the_hours() {
    RoutingDecision d =
        RoutingPolicyEvaluation.evaluate(
            facts(policy(TRANSFER, null, officeHours(SIP))),
            call("+12084439178", MONDAY_1904_BERLIN));

    assertThat(d.action()).isEqualTo(RoutingAction.ROUTE_TO_SIP_URI);
    assertThat(d.target()).contains("sip:desk@sip.example.com");
    assertThat(d.decidedBy().text())
        .isEqualTo(
            "after_hours: Europe/Berlin Mon 19:04 outside 09:00-18:00; after-hours destination SIP"
                + " URI sip:desk@sip.example.com");
  }

  @Test
  void after_hours_with_a_reject_destination_rejects_with_its_reason() {
    var closed = new Destination.Reject(new RejectReason("we are closed"));

    RoutingDecision d =
        RoutingPolicyEvaluation.evaluate(
            facts(policy(null, null, officeHours(closed))),
            call("+12084439178", MONDAY_1904_BERLIN));

    assertThat(d.action()).isEqualTo(RoutingAction.REJECT);
    assertThat(d.target()).contains("we are closed");
  }

  @Test
  void after_hours_without_a_destination_the_fallback_decides_else_the_call_is_rejected() {
    RoutingDecision withFallback =
        RoutingPolicyEvaluation.evaluate(
            facts(policy(TRANSFER, null, officeHours(null))),
            call("+12084439178", MONDAY_1904_BERLIN));
    RoutingDecision without =
        RoutingPolicyEvaluation.evaluate(
            facts(policy(null, null, officeHours(null))), call("+12084439178", MONDAY_1904_BERLIN));

    assertThat(withFallback.action()).isEqualTo(RoutingAction.TRANSFER_TO_NUMBER);
    assertThat(withFallback.target()).contains("+4930901820");
    assertThat(texts(withFallback))
        .containsExactly(
            "number_active: status active",
            "after_hours: Europe/Berlin Mon 19:04 outside 09:00-18:00",
            "fallback: transfer to +4930901820");
    assertThat(without.action()).isEqualTo(RoutingAction.REJECT);
    assertThat(without.target()).contains("after_hours");
  }

  @Test
  void within_hours_the_call_goes_on_to_the_agent() {
    RoutingDecision d =
        RoutingPolicyEvaluation.evaluate(
            facts(policy(TRANSFER, null, officeHours(null))),
            call("+12084439178", MONDAY_1000_BERLIN));

    assertThat(d.action()).isEqualTo(RoutingAction.ROUTE_TO_AGENT);
    assertThat(texts(d))
        .containsExactly(
            "number_active: status active",
            "within_hours: Europe/Berlin Mon 10:00 within 09:00-18:00",
            "agent_available: agent agent-1");
  }

  @Test
  void a_disabled_channel_no_agent_or_a_disabled_agent_go_to_the_fallback() {
    var fallback = policy(new Destination.ToAgent(new AgentId("backup")), null, null);
    var off =
        new RouteFacts(NumberStatus.ACTIVE, false, Optional.of(AGENT), true, false, 0, fallback);
    var unbound =
        new RouteFacts(NumberStatus.ACTIVE, true, Optional.empty(), true, false, 0, fallback);
    var disabled =
        new RouteFacts(NumberStatus.ACTIVE, true, Optional.of(AGENT), false, false, 0, fallback);
    var now = call("+12084439178", MONDAY_1000_BERLIN);

    for (var facts : List.of(off, unbound, disabled)) {
      RoutingDecision d = RoutingPolicyEvaluation.evaluate(facts, now);
      assertThat(d.action()).isEqualTo(RoutingAction.ROUTE_TO_AGENT);
      assertThat(d.target()).contains("backup");
      assertThat(d.decidedBy().rule()).isEqualTo(Rule.FALLBACK);
    }
    assertThat(RoutingPolicyEvaluation.evaluate(off, now).explanation().get(1).text())
        .isEqualTo("channel_disabled: the channel is off");
    assertThat(RoutingPolicyEvaluation.evaluate(disabled, now).explanation().get(1).result())
        .isEqualTo("agent_disabled");
  }

  @Test
  void without_a_fallback_an_unavailable_primary_is_rejected() {
    var unbound =
        new RouteFacts(
            NumberStatus.ACTIVE, true, Optional.empty(), true, false, 0, ChannelPolicy.NONE);

    RoutingDecision d = RoutingPolicyEvaluation.evaluate(unbound, call(null, MONDAY_1000_BERLIN));

    assertThat(d.action()).isEqualTo(RoutingAction.REJECT);
    assertThat(d.target()).contains("no_agent_bound");
  }

  @Test
  void an_inbound_url_or_connection_webhook_routes_without_a_bound_agent() {
    var viaUrl =
        new RouteFacts(
            NumberStatus.ACTIVE, true, Optional.empty(), true, true, 0, ChannelPolicy.NONE);

    RoutingDecision d = RoutingPolicyEvaluation.evaluate(viaUrl, call(null, MONDAY_1000_BERLIN));

    assertThat(d.action()).isEqualTo(RoutingAction.ROUTE_TO_AGENT);
    assertThat(d.target()).isEmpty();
  }

  @Test
  void at_the_channel_limit_the_fallback_decides_else_busy() {
    var at5 = new InboundCall(Optional.empty(), MONDAY_1000_BERLIN, OptionalInt.of(5));
    var at4 = new InboundCall(Optional.empty(), MONDAY_1000_BERLIN, OptionalInt.of(4));

    RoutingDecision busy = RoutingPolicyEvaluation.evaluate(facts(ChannelPolicy.NONE), at5);
    RoutingDecision overflow =
        RoutingPolicyEvaluation.evaluate(facts(policy(SIP, null, null)), at5);
    RoutingDecision below = RoutingPolicyEvaluation.evaluate(facts(ChannelPolicy.NONE), at4);

    assertThat(busy.action()).isEqualTo(RoutingAction.BUSY);
    assertThat(busy.target()).isEmpty();
    assertThat(busy.decidedBy().text())
        .isEqualTo("limit_reached: 5 active, channel limit 5; no fallback");
    assertThat(overflow.action()).isEqualTo(RoutingAction.ROUTE_TO_SIP_URI);
    assertThat(below.action()).isEqualTo(RoutingAction.ROUTE_TO_AGENT);
    assertThat(below.decidedBy().text()).isEqualTo("below_limit: 4 active, channel limit 5");
  }

  @Test
  void a_channel_without_a_limit_is_never_busy() {
    var unlimited =
        new RouteFacts(
            NumberStatus.ACTIVE, true, Optional.of(AGENT), true, false, 0, ChannelPolicy.NONE);

    RoutingDecision d =
        RoutingPolicyEvaluation.evaluate(
            unlimited,
            new InboundCall(Optional.empty(), MONDAY_1000_BERLIN, OptionalInt.of(10_000)));

    assertThat(d.action()).isEqualTo(RoutingAction.ROUTE_TO_AGENT);
    assertThat(d.decidedBy().result()).isEqualTo("no_limit");
  }

  @Test
  void
      rules_are_evaluated_in_order_screening_before_hours_before_availability_before_concurrency() {
    var facts =
        new RouteFacts(
            NumberStatus.ACTIVE,
            false,
            Optional.empty(),
            true,
            false,
            1,
            policy(null, deny("+1900"), officeHours(null)));
    var deniedAfterHours =
        new InboundCall(Optional.of("+19005550100"), MONDAY_1904_BERLIN, OptionalInt.of(3));
    var allowedAfterHours =
        new InboundCall(Optional.of("+12084439178"), MONDAY_1904_BERLIN, OptionalInt.of(3));
    var allowedInHours =
        new InboundCall(Optional.of("+12084439178"), MONDAY_1000_BERLIN, OptionalInt.of(3));

    assertThat(RoutingPolicyEvaluation.evaluate(facts, deniedAfterHours).decidedBy().rule())
        .isEqualTo(Rule.CALLER_SCREENING);
    assertThat(RoutingPolicyEvaluation.evaluate(facts, allowedAfterHours).decidedBy().rule())
        .isEqualTo(Rule.BUSINESS_HOURS);
    RoutingDecision d = RoutingPolicyEvaluation.evaluate(facts, allowedInHours);
    assertThat(d.decidedBy().rule()).isEqualTo(Rule.AVAILABILITY);
    assertThat(d.explanation().stream().map(RuleEvaluation::rule))
        .containsExactly(
            Rule.NUMBER_STATE, Rule.CALLER_SCREENING, Rule.BUSINESS_HOURS, Rule.AVAILABILITY);
  }

  @Test
  void only_the_last_rule_of_an_explanation_decided() {
    RoutingDecision d =
        RoutingPolicyEvaluation.evaluate(
            facts(policy(TRANSFER, deny("+1900"), officeHours(null))),
            call("+12084439178", MONDAY_1904_BERLIN));

    assertThat(d.explanation().stream().filter(RuleEvaluation::decided)).hasSize(1);
    assertThat(d.explanation().get(d.explanation().size() - 1).decided()).isTrue();
  }
}
