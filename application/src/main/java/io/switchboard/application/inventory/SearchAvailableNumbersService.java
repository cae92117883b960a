package io.switchboard.application.inventory;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.InventoryRepository;
import io.switchboard.application.port.query.InventorySearch;
import io.switchboard.domain.inventory.AvailableNumber;
import io.switchboard.domain.org.Scope;
import java.time.Clock;
import java.util.List;

/** Offers in stock that can be bought now, matching the search. */
public final class SearchAvailableNumbersService implements SearchAvailableNumbersUseCase {
  private final InventoryRepository inventory;
  private final UseCaseSteps steps;
  private final Clock clock;

  public SearchAvailableNumbersService(
      InventoryRepository inventory, UseCaseSteps steps, Clock clock) {
    this.inventory = inventory;
    this.steps = steps;
    this.clock = clock;
  }

  @Override
  public List<AvailableNumber> search(RequestContext ctx, InventorySearch search) {
    return steps.inTransaction(
        ctx, Scope.NUMBERS_READ, () -> inventory.search(search, clock.instant()));
  }
}
