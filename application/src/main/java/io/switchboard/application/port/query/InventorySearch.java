package io.switchboard.application.port.query;

import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.number.CountryCode;
import io.switchboard.domain.number.NumberType;
import java.util.Objects;
import java.util.Optional;

/**
 * What a buyer looks for in the stock: a country, a type, digits the number contains ({@code
 * pattern}) or starts with after the country code ({@code areaCode}, for example a North American
 * NPA), and how many to show.
 */
public record InventorySearch(
    Optional<CountryCode> country,
    Optional<NumberType> type,
    Optional<String> pattern,
    Optional<String> areaCode,
    int limit) {
  public static final int MAX_LIMIT = 100;

  public InventorySearch {
    Objects.requireNonNull(country, "country");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(areaCode, "areaCode");
    pattern = pattern.map(p -> p.startsWith("+") ? p.substring(1) : p).filter(p -> !p.isEmpty());
    if (pattern.isPresent() && !pattern.get().matches("[0-9]{1,15}")) {
      throw InvalidArgumentException.of("pattern", "must be 1..15 digits");
    }
    areaCode = areaCode.filter(a -> !a.isEmpty());
    if (areaCode.isPresent() && !areaCode.get().matches("[0-9]{3}")) {
      throw InvalidArgumentException.of("area_code", "must be 3 digits");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw InvalidArgumentException.of("limit", "must be between 1 and " + MAX_LIMIT);
    }
  }
}
