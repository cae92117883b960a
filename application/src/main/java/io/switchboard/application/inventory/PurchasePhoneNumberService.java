package io.switchboard.application.inventory;

import io.switchboard.application.common.NumberViews;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.InventoryRepository;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.inventory.AvailableNumber;
import io.switchboard.domain.inventory.QuarantinePolicy;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.org.Organization;
import io.switchboard.domain.org.Scope;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Buys one number from stock for the caller's organization, within its purchase cap. */
public final class PurchasePhoneNumberService implements PurchasePhoneNumberUseCase {
  private final InventoryRepository inventory;
  private final UseCaseSteps steps;
  private final NumberViews views;
  private final Purchases purchases;
  private final Clock clock;

  public PurchasePhoneNumberService(
      InventoryRepository inventory,
      UseCaseSteps steps,
      NumberViews views,
      Purchases purchases,
      Clock clock) {
    this.inventory = inventory;
    this.steps = steps;
    this.views = views;
    this.purchases = purchases;
    this.clock = clock;
  }

  @Override
  public PhoneNumberView purchase(RequestContext ctx, E164 number) {
    return steps.inTransaction(
        ctx,
        Scope.NUMBERS_WRITE,
        () -> {
          Organization org = purchases.lockOrganization(ctx);
          Instant now = clock.instant();
          purchases.requireNotHeld(number);
          AvailableNumber offer =
              inventory.lock(List.of(number)).stream()
                  .findFirst()
                  .orElseThrow(() ->
                      NotFoundException.of(Reason.AVAILABLE_NUMBER_NOT_FOUND, number.value()));
          QuarantinePolicy.requireBuyable(offer, now);
          purchases.requireBelowCap(org, 1);
          return views.view(purchases.buy(ctx, offer, now));
        });
  }
}
