package io.switchboard.domain.trunk;

import io.switchboard.domain.error.InvalidArgumentException;
import java.util.Objects;
import java.util.UUID;

public record TrunkId(UUID value) {
  public TrunkId {
    Objects.requireNonNull(value, "value");
  }

  public static TrunkId random() {
    return new TrunkId(UUID.randomUUID());
  }

  public static TrunkId parse(String text) {
    try {
      if (text == null || text.length() != 36) {
        throw new IllegalArgumentException();
      }
      return new TrunkId(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      throw InvalidArgumentException.of("", "must be a UUID");
    }
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
