package io.switchboard.domain.agent;

import io.switchboard.domain.error.InvalidArgumentException;

/**
 * The id the agent runtime gives an agent. Dialects differ (Mindhunters sends UUIDs, VoiceOS free
 * strings), so it is an opaque token of safe characters.
 */
public record AgentId(String value) {
  /** Compiled once: every binding read from the database passes this check. */
  public AgentId {
    if (value == null || value.isEmpty() || value.length() > 128 || !safe(value)) {
      throw InvalidArgumentException.of("", "must be 1..128 characters of [A-Za-z0-9._:-]");
    }
  }

  /**
   * Only {@code [A-Za-z0-9._:-]}: checked by a loop, since every binding read from the database
   * makes an id (a regular expression was a tenth of a GetPhoneNumber's mapping).
   */
  private static boolean safe(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean allowed =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == ':'
              || c == '-';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return value;
  }
}
