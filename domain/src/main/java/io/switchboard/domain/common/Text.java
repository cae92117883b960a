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

  /**
   * Exactly {@code length} letters A to Z, as ISO codes are (regions, currencies): a loop, since
   * numbers read from the database name their currency.
   */
  public static boolean capitalsOnly(String value, int length) {
    if (value.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (value.charAt(i) < 'A' || value.charAt(i) > 'Z') {
        return false;
      }
    }
    return true;
  }

  /**
   * Only {@code [A-Za-z0-9._:-]}, the characters of ids that travel in headers and URLs. A loop,
   * not a regular expression: every request makes a request id, and every binding read makes an
   * agent id.
   */
  public static boolean idCharactersOnly(String value) {
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
}
