package io.switchboard.application.port.query;

import java.util.Objects;

/** The order of a list; ties are broken by id so that keyset pages are stable. */
public record NumberSort(Field field, boolean descending) {
  public static final NumberSort NEWEST_FIRST = new NumberSort(Field.CREATED_AT, true);
  public static final NumberSort OLDEST_FIRST = new NumberSort(Field.CREATED_AT, false);

  public enum Field {
    CREATED_AT,
    MONTHLY_FEE,
    NUMBER
  }

  public NumberSort {
    Objects.requireNonNull(field, "field");
  }
}
