package io.switchboard.domain.trunk;

import io.switchboard.domain.error.InvalidArgumentException;

public record SipPort(int value) {
  public static final SipPort DEFAULT = new SipPort(5060);

  public SipPort {
    if (value < 1 || value > 65535) {
      throw InvalidArgumentException.of("", "must be a port between 1 and 65535");
    }
  }

  public static SipPort of(long value) {
    if (value < 1 || value > 65535) {
      throw InvalidArgumentException.of("", "must be a port between 1 and 65535");
    }
    return new SipPort((int) value);
  }
}
