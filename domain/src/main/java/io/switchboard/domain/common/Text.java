package io.switchboard.domain.common;

import io.switchboard.domain.error.InvalidArgumentException;

/** Small checks on free text that many value types share. */
public final class Text {
  private Text() {}

  /** A printable single-line string of 1..maxLength characters (no control characters). */
  public static String requireLine(String value, int maxLength) {
    if (value == null || value.isBlank()) {
      throw InvalidArgumentException.of("", "must not be blank");
    }
    if (value.length() > maxLength) {
      throw InvalidArgumentException.of("", "must be at most " + maxLength + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw InvalidArgumentException.of("", "must not contain control characters");
      }
    }
    return value;
  }
}
