package io.switchboard.domain.routing.policy;

import io.switchboard.domain.error.InvalidArgumentException;

/**
 * An entry of a caller allow or deny list: a {@code +} and 1 to 15 digits, matching every caller
 * number that starts with it ({@code +1900} all US premium-rate callers, a whole number that caller
 * alone).
 */
public record CallerPrefix(String value) {
  public CallerPrefix {
    if (value == null || !value.matches("\\+[1-9][0-9]{0,14}")) {
      throw InvalidArgumentException.of(
          "", "must be an E.164 number or prefix: + and 1 to 15 digits, such as +1900");
    }
  }

  /** Whether a caller (canonical {@code +digits}) starts with this prefix. */
  public boolean matches(String canonicalCaller) {
    return canonicalCaller.startsWith(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
