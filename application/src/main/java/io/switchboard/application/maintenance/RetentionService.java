package io.switchboard.application.maintenance;

import io.switchboard.application.port.ChangeFeed;
import io.switchboard.application.port.IdempotencyStore;
import io.switchboard.application.port.Transactions;
import io.switchboard.application.port.WebhookEndpointRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * The retention purge. Deletes in batches of {@link #BATCH} rows, each batch its own transaction,
 * so a purge of a large backlog never holds many row locks or one long transaction (which would
 * also hold back vacuum). Change events an enabled webhook endpoint has not read yet (after its
 * cursor) are kept, however old: they are still to be delivered.
 */
public final class RetentionService implements RetentionUseCase {
  public static final int BATCH = 1000;

  private final IdempotencyStore idempotency;
  private final ChangeFeed changes;
  private final WebhookEndpointRepository webhookEndpoints;
  private final Transactions tx;
  private final Clock clock;
  private final Duration changeRetention;

  /**
   * @param changeRetention how long change events are kept; idempotency records carry their own
   *     expiry, set when they were written
   */
  public RetentionService(
      IdempotencyStore idempotency,
      ChangeFeed changes,
      WebhookEndpointRepository webhookEndpoints,
      Transactions tx,
      Clock clock,
      Duration changeRetention) {
    this.idempotency = idempotency;
    this.changes = changes;
    this.webhookEndpoints = webhookEndpoints;
    this.tx = tx;
    this.clock = clock;
    this.changeRetention = Objects.requireNonNull(changeRetention, "changeRetention");
    if (changeRetention.isNegative() || changeRetention.isZero()) {
      throw new IllegalArgumentException("the change retention must be positive");
    }
  }

  @Override
  public Outcome purge() {
    Instant now = clock.instant();
    int records = inBatches(() -> idempotency.purgeExpired(now, BATCH));
    int events =
        inBatches(() ->
            changes.purgeOccurredBefore(
                now.minus(changeRetention),
                webhookEndpoints.lowestEnabledCursor().orElse(Long.MAX_VALUE),
                BATCH));
    return new Outcome(records, events);
  }

  private int inBatches(IntSupplier batch) {
    int total = 0;
    while (true) {
      int deleted = tx.inTransaction(batch::getAsInt);
      total += deleted;
      if (deleted < BATCH) {
        return total;
      }
    }
  }
}
