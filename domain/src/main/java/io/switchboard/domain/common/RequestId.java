package io.switchboard.domain.common;

import io.switchboard.domain.error.InvalidArgumentException;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Correlates one request across responses, logs and change events. */
public record RequestId(String value) {
  public RequestId {
    if (value == null || value.isEmpty() || value.length() > 128 || !Text.idCharactersOnly(value)) {
      throw InvalidArgumentException.of(
          "request_id", "must be 1..128 characters of [A-Za-z0-9._:-]");
    }
  }

  /**
   * A fresh id in UUID form. Request ids correlate, they protect nothing, so they come from the
   * thread's fast generator rather than from {@code SecureRandom}, which every request would
   * otherwise contend on.
   */
  public static RequestId random() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48); // IETF variant
    return new RequestId(new UUID(high, low).toString());
  }

  @Override
  public String toString() {
    return value;
  }
}
