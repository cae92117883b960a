package io.switchboard.domain.error;

import java.util.List;
import java.util.Map;

/** The request is malformed or breaks a rule that depends only on the request itself. */
public final class InvalidArgumentException extends DomainException {
  private final List<FieldViolation> violations;

  public InvalidArgumentException(Reason reason, String message, List<FieldViolation> violations) {
    super(reason, message, Map.of());
    this.violations = List.copyOf(violations);
  }

  public InvalidArgumentException(List<FieldViolation> violations) {
    this(Reason.INVALID_ARGUMENT, summarize(violations), violations);
  }

  public static InvalidArgumentException of(String field, String description) {
    return new InvalidArgumentException(List.of(new FieldViolation(field, description)));
  }

  public static InvalidArgumentException withReason(
      Reason reason, String field, String description) {
    return new InvalidArgumentException(
        reason, field + ": " + description, List.of(new FieldViolation(field, description)));
  }

  /** The same violations, their paths nested under {@code parent}. */
  public InvalidArgumentException under(String parent) {
    return new InvalidArgumentException(
        reason(), null, violations.stream().map(v -> v.under(parent)).toList());
  }

  @Override
  public String getMessage() {
    String message = super.getMessage();
    return message != null ? message : summarize(violations);
  }

  @Override
  public List<FieldViolation> violations() {
    return violations;
  }

  private static String summarize(List<FieldViolation> violations) {
    if (violations.isEmpty()) {
      return "invalid argument";
    }
    FieldViolation first = violations.get(0);
    String head = first.field() + ": " + first.description();
    return violations.size() == 1 ? head : head + " (and " + (violations.size() - 1) + " more)";
  }
}
