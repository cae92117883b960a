package io.switchboard.rest.mindhunters;

import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.error.InvalidArgumentException;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Parsers for the wire forms of this dialect; each throws a domain InvalidArgumentException the
 * reader re-paths.
 */
final class MindhuntersValues {
  private MindhuntersValues() {}

  /**
   * A lower-case enum value as the seeds spell it ({@code toll_free}); anything else lists the
   * allowed values.
   */
  static <E extends Enum<E>> E enumValue(String text, Class<E> type, E... allowed) {
    E[] candidates = allowed.length > 0 ? allowed : type.getEnumConstants();
    for (E candidate : candidates) {
      if (candidate.name().toLowerCase(Locale.ROOT).equals(text)) {
        return candidate;
      }
    }
    throw InvalidArgumentException.of(
        "",
        "must be one of "
            + Arrays.stream(candidates)
                .map(c -> c.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", ")));
  }

  /**
   * Agents of this dialect are named by UUIDs; the core takes them as opaque agent ids (lower
   * case).
   */
  static AgentId agentId(String text) {
    return new AgentId(uuid(text).toString());
  }

  static UUID uuid(String text) {
    try {
      if (text.length() != 36) {
        throw new IllegalArgumentException();
      }
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw InvalidArgumentException.of("", "must be a UUID");
    }
  }

  static long between(long value, long min, long max) {
    if (value < min || value > max) {
      throw InvalidArgumentException.of("", "must be between " + min + " and " + max);
    }
    return value;
  }
}
