package io.switchboard.domain.common;

import io.switchboard.domain.error.InvalidArgumentException;
import java.util.UUID;

/** Correlates one request across responses, logs and change events. */
public record RequestId(String value) {
  public RequestId {
    if (value == null || value.isEmpty() || value.length() > 128 || !value.matches("[A-Za-z0-9._:\\-]+")) {
      throw InvalidArgumentException.of("request_id", "must be 1..128 characters of [A-Za-z0-9._:-]");
    }
  }

  public static RequestId random() {
    return new RequestId(UUID.randomUUID().toString());
  }

  @Override
  public String toString() {
    return value;
  }
}
