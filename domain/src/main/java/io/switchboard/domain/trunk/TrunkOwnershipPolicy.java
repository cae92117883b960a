package io.switchboard.domain.trunk;

import io.switchboard.domain.error.AlreadyExistsException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.org.OrganizationId;

/**
 * Policy: a trunk can be registered on a number the platform already holds only when it is the
 * registering organization's own external (bring-your-own) number. Another organization's number is
 * simply unavailable (saying whose would leak it); a purchased number takes agents through
 * bindings, never through a trunk.
 */
public final class TrunkOwnershipPolicy {
  private TrunkOwnershipPolicy() {}

  /** Refuses a held number the organization cannot put a trunk on. */
  public static void requireRegistrable(PhoneNumber held, OrganizationId registering) {
    if (!held.organizationId().equals(registering)) {
      throw new AlreadyExistsException(
          Reason.PHONE_NUMBER_UNAVAILABLE, "phone number " + held.number() + " is not available");
    }
    if (!held.isExternal()) {
      throw new AlreadyExistsException(
          Reason.PHONE_NUMBER_IS_PURCHASED,
          "phone number "
              + held.number()
              + " is in your purchased inventory; bind an agent to it instead");
    }
  }
}
