package io.switchboard.domain.change;

import java.util.Objects;
import java.util.Optional;

/**
 * One field of a resource that a mutation changed; empty means "had no value". Secrets read
 * "(secret)".
 */
public record FieldChange(String field, Optional<String> from, Optional<String> to) {
  public FieldChange {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }
}
