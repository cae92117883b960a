package io.switchboard.domain.org;

import io.switchboard.domain.common.Text;
import io.switchboard.domain.error.InvalidArgumentException;
import java.time.Instant;
import java.util.Objects;

/**
 * A tenant. {@code purchaseLimit} caps how many purchased numbers it may hold active at once
 * (released and external numbers do not count).
 */
public record Organization(OrganizationId id, String name, int purchaseLimit, Instant createdAt) {
  public static final int DEFAULT_PURCHASE_LIMIT = 100;

  public Organization {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(createdAt, "createdAt");
    try {
      name = Text.requireLine(name, 200);
    } catch (InvalidArgumentException e) {
      throw e.under("name");
    }
    if (purchaseLimit < 0) {
      throw InvalidArgumentException.of("purchase_limit", "must not be negative");
    }
  }
}
