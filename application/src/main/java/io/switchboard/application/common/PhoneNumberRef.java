package io.switchboard.application.common;

import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.PhoneNumberId;
import java.util.Objects;

/** How a caller names a number: by its id, or by its E.164 value. */
public sealed interface PhoneNumberRef {
  static PhoneNumberRef of(PhoneNumberId id) {
    return new ById(id);
  }

  static PhoneNumberRef of(E164 number) {
    return new ByNumber(number);
  }

  record ById(PhoneNumberId id) implements PhoneNumberRef {
    public ById {
      Objects.requireNonNull(id, "id");
    }

    @Override
    public String toString() {
      return id.toString();
    }
  }

  record ByNumber(E164 number) implements PhoneNumberRef {
    public ByNumber {
      Objects.requireNonNull(number, "number");
    }

    @Override
    public String toString() {
      return number.value();
    }
  }
}
