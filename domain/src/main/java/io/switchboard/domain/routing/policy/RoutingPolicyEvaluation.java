package io.switchboard.domain.routing.policy;

import io.switchboard.domain.number.NumberStatus;
import io.switchboard.domain.routing.policy.RuleEvaluation.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Policy: what happens to one inbound call or message on a number's channel, and why. Rules are
 * evaluated in this fixed order, each only when it applies, and the first that decides ends the
 * evaluation:
 *
 * <ol>
 *   <li>{@code number_state}: an unknown, released or not active number rejects (no policy of a
 *       number that takes no traffic applies, the fallback neither);
 *   <li>{@code caller_screening}: an anonymous caller when anonymous callers are rejected, a caller
 *       on the deny list, or one missing from a non-empty allow list is rejected;
 *   <li>{@code business_hours}: outside hours the after-hours destination decides; without one the
 *       primary route cannot take the call;
 *   <li>{@code availability}: the channel switched off, no agent bound (and no inbound URL or
 *       connection webhook to name one) or the bound agent disabled: the primary cannot take it;
 *   <li>{@code concurrency}: when the router reports its active calls and the channel has a limit,
 *       at or above the limit the primary cannot take it;
 * </ol>
 *
 * When the primary cannot take the call the channel's {@code fallback} destination decides; without
 * one the call is rejected (BUSY for the concurrency limit). Otherwise it goes to the bound agent.
 */
public final class RoutingPolicyEvaluation {
  private RoutingPolicyEvaluation() {}

  /** For a number no organization holds now. */
  public static RoutingDecision absent(boolean releasedInQuarantine) {
    String result = releasedInQuarantine ? "number_released" : "unknown_number";
    String detail =
        releasedInQuarantine
            ? "the number was released and is in quarantine"
            : "no organization holds the number";
    return new RoutingDecision(
        RoutingAction.REJECT,
        Optional.of(result),
        List.of(new RuleEvaluation(Rule.NUMBER_STATE, result, detail, true)));
  }

  /** For a held number. */
  public static RoutingDecision evaluate(RouteFacts facts, InboundCall call) {
    List<RuleEvaluation> steps = new ArrayList<>(6);
    ChannelPolicy policy = facts.policy();

    if (facts.status() != NumberStatus.ACTIVE) {
      return reject(
          steps,
          Rule.NUMBER_STATE,
          "number_inactive",
          "status " + facts.status().name().toLowerCase(Locale.ROOT));
    }
    steps.add(pass(Rule.NUMBER_STATE, "number_active", "status active"));

    if (policy.callerScreening().isPresent()) {
      switch (policy.callerScreening().get().screen(call.caller())) {
        case CallerScreening.Denied denied -> {
          return reject(steps, Rule.CALLER_SCREENING, denied.code(), denied.detail());
        }
        case CallerScreening.Allowed allowed ->
            steps.add(pass(Rule.CALLER_SCREENING, "caller_allowed", allowed.detail()));
      }
    }

    if (policy.businessHours().isPresent()) {
      BusinessHours hours = policy.businessHours().get();
      BusinessHours.Check check = hours.check(call.at());
      if (!check.open()) {
        if (hours.afterHours().isPresent()) {
          Destination to = hours.afterHours().get();
          steps.add(
              new RuleEvaluation(
                  Rule.BUSINESS_HOURS,
                  "after_hours",
                  check.detail() + "; after-hours destination " + describe(to),
                  true));
          return new RoutingDecision(to.action(), Optional.of(to.target()), steps);
        }
        return unavailable(
            steps, policy, Rule.BUSINESS_HOURS, "after_hours", check.detail(), false);
      }
      steps.add(pass(Rule.BUSINESS_HOURS, "within_hours", check.detail()));
    }

    if (!facts.channelEnabled()) {
      return unavailable(
          steps, policy, Rule.AVAILABILITY, "channel_disabled", "the channel is off", false);
    }
    if (facts.agent().isEmpty() && !facts.routedWithoutAgent()) {
      return unavailable(
          steps,
          policy,
          Rule.AVAILABILITY,
          "no_agent_bound",
          "no agent bound and no inbound URL or connection webhook",
          false);
    }
    if (facts.agent().isPresent() && !facts.agentEnabled()) {
      return unavailable(
          steps,
          policy,
          Rule.AVAILABILITY,
          "agent_disabled",
          "agent " + facts.agent().get() + " is disabled",
          false);
    }
    steps.add(
        pass(
            Rule.AVAILABILITY,
            "agent_available",
            facts
                .agent()
                .map(a -> "agent " + a)
                .orElse("the inbound URL or connection webhook names the agent")));

    if (call.activeCalls().isPresent()) {
      int active = call.activeCalls().getAsInt();
      int limit = facts.channelLimit();
      if (limit == 0) {
        steps.add(pass(Rule.CONCURRENCY, "no_limit", active + " active, no channel limit set"));
      } else if (active >= limit) {
        return unavailable(
            steps,
            policy,
            Rule.CONCURRENCY,
            "limit_reached",
            active + " active, channel limit " + limit,
            true);
      } else {
        steps.add(
            pass(Rule.CONCURRENCY, "below_limit", active + " active, channel limit " + limit));
      }
    }

    RuleEvaluation last = steps.remove(steps.size() - 1);
    steps.add(new RuleEvaluation(last.rule(), last.result(), last.detail(), true));
    return new RoutingDecision(
        RoutingAction.ROUTE_TO_AGENT, facts.agent().map(a -> a.value()), steps);
  }

  /** The primary route cannot take the call: the fallback decides, else REJECT or BUSY. */
  private static RoutingDecision unavailable(
      List<RuleEvaluation> steps,
      ChannelPolicy policy,
      Rule rule,
      String result,
      String detail,
      boolean busy) {
    if (policy.fallback().isEmpty()) {
      steps.add(new RuleEvaluation(rule, result, detail + "; no fallback", true));
      return new RoutingDecision(
          busy ? RoutingAction.BUSY : RoutingAction.REJECT,
          busy ? Optional.empty() : Optional.of(result),
          steps);
    }
    Destination to = policy.fallback().get();
    steps.add(new RuleEvaluation(rule, result, detail, false));
    steps.add(new RuleEvaluation(Rule.FALLBACK, "fallback", describe(to), true));
    return new RoutingDecision(to.action(), Optional.of(to.target()), steps);
  }

  private static RoutingDecision reject(
      List<RuleEvaluation> steps, Rule rule, String result, String detail) {
    steps.add(new RuleEvaluation(rule, result, detail, true));
    return new RoutingDecision(RoutingAction.REJECT, Optional.of(result), steps);
  }

  private static RuleEvaluation pass(Rule rule, String result, String detail) {
    return new RuleEvaluation(rule, result, detail, false);
  }

  private static String describe(Destination to) {
    return switch (to) {
      case Destination.ToAgent a -> "agent " + a.agentId();
      case Destination.ToNumber n -> "transfer to " + n.number();
      case Destination.ToSipUri s -> "SIP URI " + s.uri();
      case Destination.Reject r -> "reject: " + r.reason();
    };
  }
}
