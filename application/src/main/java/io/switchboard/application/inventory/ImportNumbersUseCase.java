package io.switchboard.application.inventory;

import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.inventory.AvailableNumber;
import java.util.List;
import java.util.Objects;

/**
 * Operators add numbers bought from carriers to the platform's stock, many at once, with a result
 * per number.
 */
public interface ImportNumbersUseCase {
  List<ImportResult> importNumbers(RequestContext ctx, List<AvailableNumber> numbers);

  enum Outcome {
    IMPORTED,
    ALREADY_IN_STOCK,
    HELD_BY_AN_ORGANIZATION
  }

  record ImportResult(AvailableNumber number, Outcome outcome) {
    public ImportResult {
      Objects.requireNonNull(number, "number");
      Objects.requireNonNull(outcome, "outcome");
    }
  }
}
