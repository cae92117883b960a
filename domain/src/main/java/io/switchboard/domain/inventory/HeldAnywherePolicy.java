package io.switchboard.domain.inventory;

import io.switchboard.domain.error.AlreadyExistsException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.number.E164;

/**
 * Policy: a number belongs to at most one organization on the whole platform, whether bought from
 * stock or brought as an external trunk; it can be imported or sold only while nobody holds it
 * either way.
 */
public final class HeldAnywherePolicy {
  private HeldAnywherePolicy() {}

  public static boolean isFree(boolean heldByAnOrganization, boolean registeredAsTrunk) {
    return !heldByAnOrganization && !registeredAsTrunk;
  }

  /** Refuses a number some organization holds or has registered as an external trunk. */
  public static void requireFree(
      E164 number, boolean heldByAnOrganization, boolean registeredAsTrunk) {
    if (!isFree(heldByAnOrganization, registeredAsTrunk)) {
      throw new AlreadyExistsException(
          Reason.PHONE_NUMBER_ALREADY_HELD,
          "phone number " + number + " is already held or registered as an external trunk");
    }
  }
}
