package io.switchboard.domain.number;

import io.switchboard.domain.error.InvalidArgumentException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** An ISO 3166-1 alpha-2 country code, upper case. */
public record CountryCode(String value) {
  private static final Set<String> ISO_COUNTRIES =
      Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2);

  /**
   * One shared instance per country: numbers read from the database carry lists of them, and a
   * lookup costs less than a check and a new record each time.
   */
  private static final Map<String, CountryCode> SHARED = shareEveryCountry();

  public CountryCode {
    if (value == null || !ISO_COUNTRIES.contains(value)) {
      throw InvalidArgumentException.of(
          "", "must be an ISO 3166-1 alpha-2 country code such as US");
    }
  }

  /** Accepts lower case too ({@code "us"}), as people type it. */
  public static CountryCode of(String value) {
    if (value == null) {
      return new CountryCode(null); // refused, with the constructor's message
    }
    CountryCode shared = SHARED.get(value);
    if (shared == null) {
      String upper = value.toUpperCase(Locale.ROOT);
      shared = SHARED.get(upper);
      if (shared == null) {
        return new CountryCode(upper); // refused, with the constructor's message
      }
    }
    return shared;
  }

  private static Map<String, CountryCode> shareEveryCountry() {
    Map<String, CountryCode> byValue = new HashMap<>();
    for (String code : ISO_COUNTRIES) {
      byValue.put(code, new CountryCode(code));
    }
    return Map.copyOf(byValue);
  }

  @Override
  public String toString() {
    return value;
  }
}
