package io.switchboard.domain.error;

import java.util.Objects;

/**
 * One rejected field: a dotted path in the caller's terms (for example {@code
 * channel_settings.voice.channel_limit}).
 */
public record FieldViolation(String field, String description) {
  public FieldViolation {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(description, "description");
  }

  /** The same violation nested under a parent path. */
  public FieldViolation under(String parent) {
    return new FieldViolation(
        parent.isEmpty() ? field : field.isEmpty() ? parent : parent + "." + field, description);
  }
}
