package io.switchboard.application.port;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs work in one database transaction: the state change, its change event and its idempotency
 * record commit together or not at all. A call inside a running transaction joins it. Serialization
 * failures and deadlocks are retried a few times before the work is reported as unavailable. With a
 * deadline, statements stop when it passes.
 */
public interface Transactions {
  <T> T inTransaction(Optional<Instant> deadline, Supplier<T> work);

  /**
   * Runs reads that need no snapshot across statements (each sees the latest committed data, as in
   * a READ COMMITTED transaction). An implementation may run them without a transaction, sparing
   * the BEGIN and COMMIT round trips.
   */
  default <T> T read(Optional<Instant> deadline, Supplier<T> work) {
    return inTransaction(deadline, work);
  }

  default <T> T inTransaction(Supplier<T> work) {
    return inTransaction(Optional.empty(), work);
  }

  default void run(Runnable work) {
    inTransaction(
        Optional.empty(),
        () -> {
          work.run();
          return null;
        });
  }
}
