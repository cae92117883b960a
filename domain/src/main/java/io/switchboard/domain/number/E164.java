package io.switchboard.domain.number;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import io.switchboard.domain.common.Text;
import io.switchboard.domain.error.InvalidArgumentException;
import java.util.Objects;
import java.util.Optional;

/**
 * A telephone number in canonical E.164 form ({@code +12084439178}), valid according to
 * libphonenumber, with the ISO country it belongs to. {@link #parse} accepts what people and legacy
 * clients send: with or without the leading {@code +}, with spaces, dashes, dots or parentheses, or
 * with a {@code 00} international prefix.
 */
public record E164(String value, CountryCode country) {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  private static final int MAX_INPUT_LENGTH = 32;

  public E164 {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(country, "country");
    // every number read from the database passes this check: a loop, not a regular expression
    if (!alreadyCanonical(value)) {
      throw InvalidArgumentException.of("", "must be an E.164 number such as +12084439178");
    }
  }

  /** Parses and validates; the result is canonical whatever the input looked like. */
  public static E164 parse(String input) {
    String candidate =
        normalize(input)
            .orElseThrow(() ->
                InvalidArgumentException.of("", "must be an E.164 number such as +12084439178"));
    Phonenumber.PhoneNumber parsed;
    try {
      parsed = UTIL.parse(candidate, "ZZ");
    } catch (NumberParseException e) {
      throw InvalidArgumentException.of("", "must be an E.164 number such as +12084439178");
    }
    // isValidNumber(parsed) is exactly this lookup and the check for its region; calling it and
    // then looking the region up for the country made the lookup twice (for +1 numbers it tries the
    // NANP regions' patterns in turn): about a quarter of parse's CPU time (benchmark row 9)
    String region = UTIL.getRegionCodeForNumber(parsed);
    if (!UTIL.isValidNumberForRegion(parsed, region)) {
      throw InvalidArgumentException.of("", "is not a valid phone number");
    }
    if (!Text.capitalsOnly(region, 2)) {
      throw InvalidArgumentException.of(
          "", "must belong to a country (non-geographic numbers are not supported)");
    }
    CountryCode country;
    try {
      country = CountryCode.of(region);
    } catch (InvalidArgumentException e) {
      // libphonenumber knows a few regions ISO 3166-1 does not (XK, AC, TA): we hold numbers of ISO
      // countries only
      throw InvalidArgumentException.of(
          "", "belongs to region " + region + ", which has no ISO 3166-1 country code");
    }
    return new E164(UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164), country);
  }

  /**
   * The cheap syntactic canonical form ({@code +} and digits) without the libphonenumber validity
   * check: the routing hot path uses it as a cache key. Empty when the input cannot be a phone
   * number at all.
   */
  public static Optional<String> normalize(String input) {
    if (input == null || input.isEmpty() || input.length() > MAX_INPUT_LENGTH) {
      return Optional.empty();
    }
    if (alreadyCanonical(input)) {
      return Optional.of(input); // what call routers send: nothing to strip, no copy to make
    }
    StringBuilder digits = new StringBuilder(16);
    boolean plus = false;
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      if (c >= '0' && c <= '9') {
        digits.append(c);
      } else if (c == '+' && digits.isEmpty() && !plus) {
        plus = true;
      } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
        return Optional.empty();
      }
    }
    if (!plus && digits.length() > 2 && digits.charAt(0) == '0' && digits.charAt(1) == '0') {
      digits.delete(0, 2);
    }
    if (digits.length() < 7 || digits.length() > 15 || digits.charAt(0) == '0') {
      return Optional.empty();
    }
    return Optional.of("+" + digits);
  }

  /**
   * {@code +} and 7 to 15 digits, the first not 0: exactly the inputs that {@link #normalize}
   * returns unchanged.
   */
  private static boolean alreadyCanonical(String input) {
    int length = input.length();
    if (length < 8
        || length > 16
        || input.charAt(0) != '+'
        || input.charAt(1) < '1'
        || input.charAt(1) > '9') {
      return false;
    }
    for (int i = 2; i < length; i++) {
      char c = input.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** The digits without the {@code +}, as used in default trunk names. */
  public String digits() {
    return value.substring(1);
  }

  /** The number type libphonenumber infers, used for numbers registered from outside (BYO). */
  public NumberType inferredType() {
    try {
      return switch (UTIL.getNumberType(UTIL.parse(value, "ZZ"))) {
        case MOBILE -> NumberType.MOBILE;
        case TOLL_FREE -> NumberType.TOLL_FREE;
        case FIXED_LINE, FIXED_LINE_OR_MOBILE -> NumberType.LOCAL;
        default -> NumberType.NATIONAL;
      };
    } catch (NumberParseException e) {
      return NumberType.NATIONAL;
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
