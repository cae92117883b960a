package io.switchboard.domain.org;

import java.util.Objects;
import java.util.UUID;

/** The tenant every resource belongs to. */
public record OrganizationId(UUID value) {
  public OrganizationId {
    Objects.requireNonNull(value, "value");
  }

  public static OrganizationId random() {
    return new OrganizationId(UUID.randomUUID());
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
