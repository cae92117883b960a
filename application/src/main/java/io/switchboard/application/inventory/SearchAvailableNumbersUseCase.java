package io.switchboard.application.inventory;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.port.query.InventorySearch;
import io.switchboard.domain.inventory.AvailableNumber;
import java.util.List;

/**
 * Preview numbers that can be bought now. Nothing is reserved: another buyer may take one first.
 */
public interface SearchAvailableNumbersUseCase {
  List<AvailableNumber> search(RequestContext ctx, InventorySearch search);
}
