package io.switchboard.domain.agent;

import io.switchboard.domain.error.InvalidArgumentException;
import java.util.regex.Pattern;

/**
 * The id the agent runtime gives an agent. Dialects differ (Mindhunters sends UUIDs, VoiceOS free
 * strings), so it is an opaque token of safe characters.
 */
public record AgentId(String value) {
  /** Compiled once: every binding read from the database passes this check. */
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:\\-]+");

  public AgentId {
    if (value == null
        || value.isEmpty()
        || value.length() > 128
        || !SAFE.matcher(value).matches()) {
      throw InvalidArgumentException.of("", "must be 1..128 characters of [A-Za-z0-9._:-]");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
