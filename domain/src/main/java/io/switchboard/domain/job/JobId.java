package io.switchboard.domain.job;

import io.switchboard.domain.error.InvalidArgumentException;
import java.util.Objects;
import java.util.UUID;

/** A bulk job; its Operation is named {@code operations/<id>}. */
public record JobId(UUID value) {
  public JobId {
    Objects.requireNonNull(value, "value");
  }

  public static JobId random() {
    return new JobId(UUID.randomUUID());
  }

  public static JobId parse(String text) {
    try {
      if (text == null || text.length() != 36) {
        throw new IllegalArgumentException();
      }
      return new JobId(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      throw InvalidArgumentException.of("", "must be a UUID");
    }
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
