package io.switchboard.domain.inventory;

import io.switchboard.domain.error.ResourceExhaustedException;
import io.switchboard.domain.org.Organization;

/**
 * Policy: an organization holds at most its purchase limit of active purchased numbers (external
 * ones don't count).
 */
public final class PurchaseCapPolicy {
  private PurchaseCapPolicy() {}

  /**
   * Refuses buying {@code buying} more numbers when the organization already holds {@code held} of
   * its limit.
   */
  public static void requireRoomFor(Organization org, long held, int buying) {
    if (held + buying > org.purchaseLimit()) {
      throw ResourceExhaustedException.purchaseLimit(org.purchaseLimit(), held);
    }
  }
}
