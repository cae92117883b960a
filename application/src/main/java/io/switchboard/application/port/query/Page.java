package io.switchboard.application.port.query;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One page of a list, the key to continue after it (empty on the last page) and, when asked for,
 * the total.
 */
public record Page<T, C>(List<T> items, Optional<C> next, Optional<Long> total) {
  public Page {
    items = List.copyOf(items);
  }

  public <R> Page<R, C> map(Function<T, R> mapper) {
    return new Page<>(items.stream().map(mapper).toList(), next, total);
  }
}
