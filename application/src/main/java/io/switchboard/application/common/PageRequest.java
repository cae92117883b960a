package io.switchboard.application.common;

import io.switchboard.domain.error.InvalidArgumentException;

/** A page size with bounds every list shares. */
public record PageRequest(int size) {
  public static final int MAX = 1000;

  public PageRequest {
    if (size < 1 || size > MAX) {
      throw InvalidArgumentException.of("page_size", "must be between 1 and " + MAX);
    }
  }
}
