package io.switchboard.application.port.query;

import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.PhoneNumberId;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the next keyset page starts: after the item with this sort value and id. {@code sortValue}
 * is the canonical text of the sort field (ISO instant, decimal fee, or E.164 number). Adapters
 * wrap it in their own signed tokens; the value is checked here as well, so that nothing a query
 * cannot hold ({@code +1\0}, {@code 1e-1000000}, the year +300000) ever reaches one.
 */
public record NumberCursor(NumberSort.Field field, String sortValue, PhoneNumberId afterId) {
  private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

  /** A plain decimal as fees are stored: numeric(12,4) at most, no exponent. */
  private static final Pattern FEE = Pattern.compile("-?[0-9]{1,8}(\\.[0-9]{1,4})?");

  public NumberCursor {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(sortValue, "sortValue");
    Objects.requireNonNull(afterId, "afterId");
    if (!isValid(field, sortValue)) {
      throw InvalidArgumentException.of("cursor", "is not a position of this list");
    }
  }

  private static boolean isValid(NumberSort.Field field, String value) {
    return switch (field) {
      case CREATED_AT -> {
        try {
          Instant at = Instant.parse(value);
          yield !at.isBefore(EARLIEST) && !at.isAfter(LATEST);
        } catch (DateTimeParseException e) {
          yield false;
        }
      }
      case MONTHLY_FEE -> FEE.matcher(value).matches();
      case NUMBER -> E164.normalize(value).filter(value::equals).isPresent();
    };
  }
}
