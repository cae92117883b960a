package io.switchboard.application.inventory;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.InventoryRepository;
import io.switchboard.domain.inventory.AvailableNumber;
import io.switchboard.domain.org.Scope;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts offers into the platform's stock; a number some organization holds is left out, one in stock
 * kept.
 */
public final class ImportNumbersService implements ImportNumbersUseCase {
  private final InventoryRepository inventory;
  private final UseCaseSteps steps;
  private final Purchases purchases;

  public ImportNumbersService(
      InventoryRepository inventory, UseCaseSteps steps, Purchases purchases) {
    this.inventory = inventory;
    this.steps = steps;
    this.purchases = purchases;
  }

  @Override
  public List<ImportResult> importNumbers(RequestContext ctx, List<AvailableNumber> offers) {
    return steps.inTransaction(
        ctx,
        Scope.INVENTORY_WRITE,
        () -> {
          var results = new ArrayList<ImportResult>(offers.size());
          for (AvailableNumber offer : offers) {
            if (!purchases.isFree(offer.number())) {
              results.add(new ImportResult(offer, Outcome.HELD_BY_AN_ORGANIZATION));
            } else if (inventory.add(offer)) {
              results.add(new ImportResult(offer, Outcome.IMPORTED));
            } else {
              results.add(new ImportResult(offer, Outcome.ALREADY_IN_STOCK));
            }
          }
          return results;
        });
  }
}
