package io.switchboard.domain.trunk;

import io.switchboard.domain.error.InvalidArgumentException;
import java.util.Locale;

/**
 * Free-form channel extras stored on a trunk (for example {@code {"ani_format":"e164"}}), kept as
 * the JSON text of an object. The transports parse and re-serialize it, so the text here is always
 * a well-formed JSON object.
 */
public record AdditionalSettings(String json) {
  public static final int MAX_LENGTH = 16 * 1024;
  public static final AdditionalSettings EMPTY = new AdditionalSettings("{}");

  public AdditionalSettings {
    if (json == null || !json.startsWith("{") || !json.endsWith("}")) {
      throw InvalidArgumentException.of("", "must be a JSON object");
    }
    if (json.length() > MAX_LENGTH) {
      throw InvalidArgumentException.of(
          "", "must be at most " + MAX_LENGTH + " characters of JSON");
    }
    // PostgreSQL json cannot hold the NUL character, escaped or not
    if (json.indexOf('\0') >= 0 || json.toLowerCase(Locale.ROOT).contains("\\u0000")) {
      throw InvalidArgumentException.of("", "must not contain the NUL character");
    }
  }
}
