package io.switchboard.domain.webhook;

import io.switchboard.domain.error.InvalidArgumentException;
import java.util.Objects;
import java.util.UUID;

public record WebhookEndpointId(UUID value) {
  public WebhookEndpointId {
    Objects.requireNonNull(value, "value");
  }

  public static WebhookEndpointId random() {
    return new WebhookEndpointId(UUID.randomUUID());
  }

  public static WebhookEndpointId parse(String text) {
    try {
      if (text == null || text.length() != 36) {
        throw new IllegalArgumentException();
      }
      return new WebhookEndpointId(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      throw InvalidArgumentException.of("", "must be a UUID");
    }
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
