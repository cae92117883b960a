package io.switchboard.domain.number;

import io.switchboard.domain.error.InvalidArgumentException;
import java.util.Objects;

/** One regulatory requirement of a country/type, for example a proof of address. */
public record ComplianceRequirement(String name, String type, String description) {
  public ComplianceRequirement {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(description, "description");
    // stored as JSON in PostgreSQL, which cannot hold NUL
    if ((name + type + description).indexOf('\0') >= 0) {
      throw InvalidArgumentException.of("requirements", "must not contain the NUL character");
    }
  }
}
