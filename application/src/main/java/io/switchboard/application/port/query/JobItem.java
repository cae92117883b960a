package io.switchboard.application.port.query;

import java.util.Objects;

/**
 * One uploaded item of a job: its position, its encoded payload, and how the caller named its
 * number (an E.164 value or an id), for the failure list.
 */
public record JobItem(long index, byte[] payload, String label) {
  public JobItem {
    if (index < 0) {
      throw new IllegalArgumentException("index must not be negative");
    }
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(label, "label");
  }
}
