package io.switchboard.domain.routing.policy;

import java.util.Locale;
import java.util.Objects;

/**
 * One rule as {@link RoutingPolicyEvaluation} evaluated it: which rule, its result (such as {@code
 * caller_denied} or {@code within_hours}), a short human text, and whether it decided the call.
 */
public record RuleEvaluation(Rule rule, String result, String detail, boolean decided) {
  public RuleEvaluation {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(detail, "detail");
  }

  /** The rules in their order of evaluation. */
  public enum Rule {
    NUMBER_STATE,
    CALLER_SCREENING,
    BUSINESS_HOURS,
    AVAILABILITY,
    CONCURRENCY,
    FALLBACK;

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** For example {@code caller_denied: prefix +1900}. */
  public String text() {
    return result + ": " + detail;
  }

  @Override
  public String toString() {
    return text() + (decided ? " (decided)" : "");
  }
}
