package io.switchboard.bootstrap;

import io.switchboard.application.maintenance.ResealCredentialsUseCase;
import io.switchboard.application.maintenance.RetentionUseCase;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background passes over data at rest, once at start and then every {@code
 * SWITCHBOARD_MAINTENANCE_INTERVAL_SECONDS}: credentials sealed under an earlier key are sealed
 * again under the current one, and expired idempotency records and change events past their
 * retention are purged. Every replica runs them; they are safe to run concurrently (a reseal
 * replaces a credential only if it is unchanged, a purge deletes what is already gone as nothing).
 */
final class Maintenance implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Maintenance.class);

  private final ResealCredentialsUseCase reseal;
  private final RetentionUseCase retention;
  private final Duration interval;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "switchboard-maintenance");
        thread.setDaemon(true);
        return thread;
      });

  Maintenance(ResealCredentialsUseCase reseal, RetentionUseCase retention, Duration interval) {
    this.reseal = reseal;
    this.retention = retention;
    this.interval = interval;
  }

  Maintenance start() {
    scheduler.scheduleWithFixedDelay(this::runOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  void runOnce() {
    try {
      ResealCredentialsUseCase.Outcome outcome = reseal.resealAll();
      if (outcome.resealed() > 0) {
        log.info(
            "Resealed {} SIP credential(s) under secret key '{}'",
            outcome.resealed(),
            outcome.currentKeyId());
      }
      if (outcome.unavailable() > 0) {
        log.warn(
            "{} trunk(s) or webhook endpoint(s) hold secrets sealed under a secret key this replica does"
                + " not have; add it to "
                + "SWITCHBOARD_SECRET_KEYS_PREVIOUS",
            outcome.unavailable());
      }
    } catch (RuntimeException e) {
      // the database may be down: the next round tries again
      log.warn("Resealing credentials failed: {}", e.getMessage());
    }
    try {
      RetentionUseCase.Outcome purged = retention.purge();
      if (purged.idempotencyRecords() > 0 || purged.changeEvents() > 0) {
        log.info(
            "Retention purge removed {} expired idempotency record(s) and {} change event(s)",
            purged.idempotencyRecords(),
            purged.changeEvents());
      }
    } catch (RuntimeException e) {
      log.warn("Retention purge failed: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("The maintenance pass did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
