package io.switchboard.domain.common;

import io.switchboard.domain.error.FieldViolation;
import io.switchboard.domain.error.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Collects every field violation of a request before failing, so that a caller learns about all of
 * them at once instead of one per round trip.
 */
public final class Violations {
  private final List<FieldViolation> found = new ArrayList<>();

  public void add(String field, String description) {
    found.add(new FieldViolation(field, description));
  }

  /** Runs a parse and records its violations under {@code field}; returns null when it failed. */
  public <T> T parse(String field, Supplier<T> parse) {
    try {
      return parse.get();
    } catch (InvalidArgumentException e) {
      e.violations().forEach(v -> found.add(v.under(field)));
      return null;
    }
  }

  public void check(boolean condition, String field, String description) {
    if (!condition) {
      add(field, description);
    }
  }

  public boolean isEmpty() {
    return found.isEmpty();
  }

  public List<FieldViolation> list() {
    return List.copyOf(found);
  }

  public void throwIfAny() {
    if (!found.isEmpty()) {
      throw new InvalidArgumentException(found);
    }
  }
}
