package io.switchboard.domain.number;

import io.switchboard.domain.error.InvalidArgumentException;
import java.util.Locale;
import java.util.Set;

/** An ISO 3166-1 alpha-2 country code, upper case. */
public record CountryCode(String value) {
  private static final Set<String> ISO_COUNTRIES =
      Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2);

  public CountryCode {
    if (value == null || !ISO_COUNTRIES.contains(value)) {
      throw InvalidArgumentException.of(
          "", "must be an ISO 3166-1 alpha-2 country code such as US");
    }
  }

  /** Accepts lower case too ({@code "us"}), as people type it. */
  public static CountryCode of(String value) {
    return new CountryCode(value == null ? null : value.toUpperCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    return value;
  }
}
