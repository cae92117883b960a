package io.switchboard.domain.routing.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to do with one inbound call or message, and why.
 *
 * @param target the agent id, E.164 number or SIP URI to route to; for {@code REJECT} the reason
 *     (the policy's own text, or the result code of the rule that rejected); empty for {@code BUSY}
 *     and for {@code ROUTE_TO_AGENT} when no agent is bound and the inbound URL or connection
 *     webhook names it
 * @param explanation the rules evaluated, in order; the last one decided
 */
public record RoutingDecision(
    RoutingAction action, Optional<String> target, List<RuleEvaluation> explanation) {
  public RoutingDecision {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(target, "target");
    explanation = List.copyOf(explanation);
    if (explanation.isEmpty() || !explanation.get(explanation.size() - 1).decided()) {
      throw new IllegalArgumentException("the last rule of an explanation is the one that decided");
    }
  }

  public RuleEvaluation decidedBy() {
    return explanation.get(explanation.size() - 1);
  }
}
