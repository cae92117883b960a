package io.switchboard.domain.org;

import io.switchboard.domain.error.InvalidArgumentException;
import java.util.Arrays;
import java.util.Optional;

/**
 * What an API key may do. The wire names follow the AgentMessage dialect, the internal ones are
 * ours.
 */
public enum Scope {
  NUMBERS_READ("numbers:read"),
  NUMBERS_WRITE("numbers:write"),
  /** Operator inventory work: import numbers, return numbers to the carrier. */
  INVENTORY_WRITE("platform:inventory:write"),
  /** Call routers: resolve inbound routes, watch changes. */
  ROUTING("internal:routing"),
  /** Call routers that dial out through a trunk: read decrypted SIP credentials. */
  TRUNK_CREDENTIALS("internal:trunk-credentials"),
  /** Operators: organizations and API keys. */
  ADMIN("internal:admin");

  private final String wireName;

  Scope(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /**
   * A platform-internal scope ({@code internal:*}): it acts across organizations, so only platform
   * keys hold one.
   */
  public boolean isInternal() {
    return wireName.startsWith("internal:");
  }

  public static Optional<Scope> fromWireName(String name) {
    return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
  }

  public static Scope parse(String name) {
    return fromWireName(name)
        .orElseThrow(() -> InvalidArgumentException.of("scopes", "unknown scope " + name));
  }
}
