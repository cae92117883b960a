package io.switchboard.application.number;

import io.switchboard.domain.number.PhoneNumberId;
import java.util.Objects;

/**
 * Where the next keyset page starts: after the item with this sort value and id. {@code sortValue} is the canonical
 * text of the sort field (ISO instant, decimal fee, or E.164 number). Adapters wrap it in their own opaque tokens.
 */
public record NumberCursor(NumberSort.Field field, String sortValue, PhoneNumberId afterId) {
  public NumberCursor {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(sortValue, "sortValue");
    Objects.requireNonNull(afterId, "afterId");
  }
}
