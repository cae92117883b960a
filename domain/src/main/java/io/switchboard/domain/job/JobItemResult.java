package io.switchboard.domain.job;

import io.switchboard.domain.error.Reason;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of one item: its outcome and, for a failure, the reason from the catalogue and a
 * message.
 */
public record JobItemResult(
    long index, ItemOutcome outcome, Optional<Reason> reason, Optional<String> message) {
  public JobItemResult {
    if (index < 0) {
      throw new IllegalArgumentException("index must not be negative");
    }
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
    if ((outcome == ItemOutcome.FAILED) != reason.isPresent()) {
      throw new IllegalArgumentException("an item has a reason exactly when it failed");
    }
  }

  public static JobItemResult of(long index, ItemOutcome outcome) {
    return new JobItemResult(index, outcome, Optional.empty(), Optional.empty());
  }

  public static JobItemResult failed(long index, Reason reason, String message) {
    return new JobItemResult(index, ItemOutcome.FAILED, Optional.of(reason), Optional.of(message));
  }
}
