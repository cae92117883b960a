package io.switchboard.domain.inventory;

import io.switchboard.domain.error.FailedPreconditionException;
import io.switchboard.domain.error.Reason;
import java.time.Instant;
import java.util.Map;

/**
 * Policy: a released number returns to stock but cannot be bought until its quarantine ends, so
 * calls meant for the previous holder do not reach the next one.
 */
public final class QuarantinePolicy {
  private QuarantinePolicy() {}

  public static boolean isBuyable(AvailableNumber offer, Instant now) {
    return offer.isAvailableAt(now);
  }

  /** Refuses an offer still in quarantine, saying when it can be bought. */
  public static void requireBuyable(AvailableNumber offer, Instant now) {
    if (!isBuyable(offer, now)) {
      throw new FailedPreconditionException(
          Reason.PHONE_NUMBER_QUARANTINED,
          "phone number " + offer.number() + " is in quarantine",
          Map.of("available_from", offer.availableFrom().toString()));
    }
  }
}
