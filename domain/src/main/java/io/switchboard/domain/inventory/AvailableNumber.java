package io.switchboard.domain.inventory;

import io.switchboard.domain.common.Money;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.number.Capabilities;
import io.switchboard.domain.number.ComplianceRequirement;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.NumberType;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A number of the platform's inventory that operators imported from a carrier. It can be bought
 * from {@code availableFrom} on (later than the import when it came back from a release and sits
 * out its quarantine).
 */
public record AvailableNumber(
    E164 number,
    NumberType type,
    Capabilities capabilities,
    Money monthlyFee,
    String location,
    List<ComplianceRequirement> requirements,
    Instant importedAt,
    Instant availableFrom) {

  public AvailableNumber {
    Objects.requireNonNull(number, "number");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(capabilities, "capabilities");
    Objects.requireNonNull(monthlyFee, "monthlyFee");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(importedAt, "importedAt");
    Objects.requireNonNull(availableFrom, "availableFrom");
    requirements = List.copyOf(requirements);
    if (location.length() > MAX_LOCATION_LENGTH
        || location.chars().anyMatch(Character::isISOControl)) {
      throw InvalidArgumentException.of(
          "location",
          "must be at most " + MAX_LOCATION_LENGTH + " characters without control characters");
    }
  }

  public static final int MAX_LOCATION_LENGTH = 200;

  public boolean isAvailableAt(Instant now) {
    return !now.isBefore(availableFrom);
  }
}
