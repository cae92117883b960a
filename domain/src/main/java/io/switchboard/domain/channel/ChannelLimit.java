package io.switchboard.domain.channel;

import io.switchboard.domain.error.InvalidArgumentException;

/**
 * How many concurrent calls or conversations a channel carries; 0 means the channel carries none.
 */
public record ChannelLimit(int value) {
  public static final int MAX = 100_000;
  public static final ChannelLimit ZERO = new ChannelLimit(0);

  public ChannelLimit {
    if (value < 0) {
      throw InvalidArgumentException.of("", "must not be negative");
    }
    if (value > MAX) {
      throw InvalidArgumentException.of("", "must be at most " + MAX);
    }
  }

  public static ChannelLimit of(long value) {
    if (value < 0) {
      throw InvalidArgumentException.of("", "must not be negative");
    }
    if (value > MAX) {
      throw InvalidArgumentException.of("", "must be at most " + MAX);
    }
    return new ChannelLimit((int) value);
  }
}
