package io.switchboard.application.port.query;

import io.switchboard.domain.error.InvalidArgumentException;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a filtered, sorted list. Either a keyset {@code after} cursor (gRPC, AgentMessage) or
 * a plain {@code offset} (the Mindhunters page numbers) says where it starts; {@code withTotal}
 * asks for the count too.
 */
public record NumberQuery(
    NumberFilter filter,
    NumberSort sort,
    int pageSize,
    Optional<NumberCursor> after,
    long offset,
    boolean withTotal) {
  public static final int MAX_PAGE_SIZE = 1000;

  public NumberQuery {
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(sort, "sort");
    Objects.requireNonNull(after, "after");
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw InvalidArgumentException.of("page_size", "must be between 1 and " + MAX_PAGE_SIZE);
    }
    if (offset < 0) {
      throw InvalidArgumentException.of("offset", "must not be negative");
    }
    if (after.isPresent() && offset > 0) {
      throw new IllegalArgumentException("a query starts after a cursor or at an offset, not both");
    }
    if (after.isPresent() && after.get().field() != sort.field()) {
      throw InvalidArgumentException.of("page_token", "does not belong to this sort order");
    }
  }
}
