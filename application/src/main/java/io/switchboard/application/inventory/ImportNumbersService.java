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

  public ImportNumbersService(InventoryRepository inventory, UseCaseSteps steps) {
    this.inventory = inventory;
    this.steps = steps;
  }

  private static Outcome outcome(InventoryRepository.Addition addition) {
    return switch (addition) {
      case ADDED -> Outcome.IMPORTED;
      case ALREADY_IN_STOCK -> Outcome.ALREADY_IN_STOCK;
      case HELD -> Outcome.HELD_BY_AN_ORGANIZATION;
    };
  }

  @Override
  public List<ImportResult> importNumbers(RequestContext ctx, List<AvailableNumber> offers) {
    return steps.inTransaction(
        ctx,
        Scope.INVENTORY_WRITE,
        () -> {
          // one set-based write per request, not three statements per number (benchmark row 9)
          List<InventoryRepository.Addition> additions = inventory.addAllFree(offers);
          var results = new ArrayList<ImportResult>(offers.size());
          for (int i = 0; i < offers.size(); i++) {
            results.add(new ImportResult(offers.get(i), outcome(additions.get(i))));
          }
          return results;
        });
  }
}
