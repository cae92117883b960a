package io.switchboard.application.maintenance;

/**
 * Removes what is kept only for a while: expired idempotency records and change events past their
 * retention.
 */
public interface RetentionUseCase {
  record Outcome(int idempotencyRecords, int changeEvents) {}

  Outcome purge();
}
