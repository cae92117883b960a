package io.switchboard.domain.trunk;

import io.switchboard.domain.error.InvalidArgumentException;

/** A SIP server host name or IP address: just the host, no scheme, no port, no path. */
public record SipHost(String value) {
  public SipHost {
    if (value == null || value.isEmpty() || value.length() > 255) {
      throw InvalidArgumentException.of("", "must be a host name of 1..255 characters");
    }
    if (!value.matches("[A-Za-z0-9]([A-Za-z0-9\\-.]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+\\]")) {
      throw InvalidArgumentException.of(
          "", "must be a bare host name or IP address (no scheme, port or path)");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
