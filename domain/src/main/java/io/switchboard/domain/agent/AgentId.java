package io.switchboard.domain.agent;

import io.switchboard.domain.common.Text;
import io.switchboard.domain.error.InvalidArgumentException;

/**
 * The id the agent runtime gives an agent. Dialects differ (Mindhunters sends UUIDs, VoiceOS free
 * strings), so it is an opaque token of safe characters.
 */
public record AgentId(String value) {
  public AgentId {
    if (value == null || value.isEmpty() || value.length() > 128 || !Text.idCharactersOnly(value)) {
      throw InvalidArgumentException.of("", "must be 1..128 characters of [A-Za-z0-9._:-]");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
