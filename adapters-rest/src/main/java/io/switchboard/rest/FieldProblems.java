package io.switchboard.rest;

import io.switchboard.domain.error.FieldViolation;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.Reason;
import java.util.ArrayList;
import java.util.List;

/**
 * The violations found while reading one request (body and query), so that a caller learns about
 * all of them at once. Shared by a {@link JsonReader}, its nested readers and a {@link
 * QueryReader}.
 */
public final class FieldProblems {
  private final List<FieldViolation> violations = new ArrayList<>();
  private boolean unknownField;

  void add(String path, String description) {
    violations.add(new FieldViolation(path, description));
  }

  void addUnknown(String path) {
    unknownField = true;
    violations.add(new FieldViolation(path, "is not a known field"));
  }

  /** Records the violations of a domain value type, nested under the field they came from. */
  void addAll(String path, InvalidArgumentException e) {
    e.violations().forEach(v -> violations.add(v.under(path)));
    if (e.violations().isEmpty()) {
      violations.add(new FieldViolation(path, e.getMessage()));
    }
  }

  public boolean isEmpty() {
    return violations.isEmpty();
  }

  /**
   * Throws an {@link InvalidArgumentException} listing everything found: reason {@code
   * UNKNOWN_FIELD} when a field was unknown (AgentMessage answers those with 400), else {@code
   * INVALID_ARGUMENT}.
   */
  public void throwIfAny() {
    if (violations.isEmpty()) {
      return;
    }
    if (unknownField) {
      List<FieldViolation> unknownFirst = new ArrayList<>();
      violations.stream()
          .filter(v -> v.description().equals("is not a known field"))
          .forEach(unknownFirst::add);
      violations.stream()
          .filter(v -> !v.description().equals("is not a known field"))
          .forEach(unknownFirst::add);
      FieldViolation first = unknownFirst.get(0);
      throw new InvalidArgumentException(
          Reason.UNKNOWN_FIELD, first.field() + ": " + first.description(), unknownFirst);
    }
    throw new InvalidArgumentException(violations);
  }
}
