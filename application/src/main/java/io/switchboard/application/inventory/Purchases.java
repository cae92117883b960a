package io.switchboard.application.inventory;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.InventoryRepository;
import io.switchboard.application.port.OrganizationRepository;
import io.switchboard.application.port.PhoneNumberRepository;
import io.switchboard.application.port.TrunkRepository;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.Changes;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.inventory.AvailableNumber;
import io.switchboard.domain.inventory.HeldAnywherePolicy;
import io.switchboard.domain.inventory.PurchaseCapPolicy;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.org.Organization;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The steps buying from stock shares between a purchase and an order, inside their transaction. */
public final class Purchases {
  private final InventoryRepository inventory;
  private final PhoneNumberRepository numbers;
  private final TrunkRepository trunks;
  private final OrganizationRepository organizations;
  private final UseCaseSteps steps;
  private final Supplier<PhoneNumberId> ids;

  public Purchases(
      InventoryRepository inventory,
      PhoneNumberRepository numbers,
      TrunkRepository trunks,
      OrganizationRepository organizations,
      UseCaseSteps steps,
      Supplier<PhoneNumberId> ids) {
    this.inventory = inventory;
    this.numbers = numbers;
    this.trunks = trunks;
    this.organizations = organizations;
    this.steps = steps;
    this.ids = ids;
  }

  /**
   * The buyer's organization, locked: concurrent purchases of one organization count against its
   * cap one by one.
   */
  Organization lockOrganization(RequestContext ctx) {
    return organizations
        .lock(ctx.organizationId())
        .orElseThrow(() ->
            NotFoundException.of(Reason.ORGANIZATION_NOT_FOUND, ctx.organizationId().toString()));
  }

  boolean isFree(E164 number) {
    return HeldAnywherePolicy.isFree(
        numbers.findHeldAnywhere(number).isPresent(), trunks.existsAnywhere(number));
  }

  void requireNotHeld(E164 number) {
    HeldAnywherePolicy.requireFree(
        number, numbers.findHeldAnywhere(number).isPresent(), trunks.existsAnywhere(number));
  }

  void requireBelowCap(Organization org, int buying) {
    PurchaseCapPolicy.requireRoomFor(org, numbers.countActivePurchased(org.id()), buying);
  }

  PhoneNumber buy(RequestContext ctx, AvailableNumber offer, Instant now) {
    PhoneNumber bought = PhoneNumber.purchase(ids.get(), ctx.organizationId(), offer, now);
    numbers.insert(bought);
    inventory.remove(offer.number());
    steps.record(
        ctx,
        ResourceType.PHONE_NUMBER,
        bought.id().toString(),
        Optional.of(bought.number().value()),
        ChangeAction.CREATED,
        Changes.diff(Map.of(), Changes.describe(bought)));
    return bought;
  }
}
