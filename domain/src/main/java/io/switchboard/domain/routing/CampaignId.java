package io.switchboard.domain.routing;

import io.switchboard.domain.error.InvalidArgumentException;
import java.util.Objects;
import java.util.UUID;

/** The messaging campaign (10DLC and the like) a number sends under. */
public record CampaignId(UUID value) {
  public CampaignId {
    Objects.requireNonNull(value, "value");
  }

  public static CampaignId parse(String text) {
    try {
      if (text == null || text.length() != 36) {
        throw new IllegalArgumentException();
      }
      return new CampaignId(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      throw InvalidArgumentException.of("", "must be a UUID");
    }
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
