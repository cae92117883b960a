package io.switchboard.domain.number;

import io.switchboard.domain.error.InvalidArgumentException;
import java.util.Objects;
import java.util.UUID;

public record PhoneNumberId(UUID value) {
  public PhoneNumberId {
    Objects.requireNonNull(value, "value");
  }

  public static PhoneNumberId random() {
    return new PhoneNumberId(UUID.randomUUID());
  }

  public static PhoneNumberId parse(String text) {
    try {
      if (text == null || text.length() != 36) {
        throw new IllegalArgumentException();
      }
      return new PhoneNumberId(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      throw InvalidArgumentException.of("", "must be a UUID");
    }
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
