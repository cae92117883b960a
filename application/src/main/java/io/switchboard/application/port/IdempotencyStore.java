package io.switchboard.application.port;

import io.switchboard.domain.org.OrganizationId;
import java.time.Instant;
import java.util.Optional;

/**
 * Remembers the response to each idempotency key for 24 hours. The record is written in the
 * mutation's own transaction, after the mutation: the key is taken when that transaction commits.
 * Of two transactions storing the same live key, exactly one commits; the other fails with {@link
 * KeyTakenException} and commits nothing of its own (an implementation may make it wait for the
 * first to end, or fail it at its commit).
 */
public interface IdempotencyStore {
  /** The key's live record, if any: an expired record counts as absent. */
  Optional<StoredResponse> find(OrganizationId organizationId, String key, Instant now);

  /**
   * Stores the response of the request that used {@code key}, in the current transaction; an
   * expired record of the key is replaced. The transaction fails with {@link KeyTakenException}, at
   * the latest when it commits, when the key has a live record by then.
   */
  void store(
      OrganizationId organizationId,
      String key,
      byte[] fingerprint,
      byte[] response,
      Instant now,
      Instant expiresAt);

  /** Deletes records that expired before {@code now}; returns how many. */
  int purgeExpired(Instant now);

  /**
   * Same, at most {@code batchSize} records in one call, so no single statement holds many row
   * locks for long.
   */
  default int purgeExpired(Instant now, int batchSize) {
    return purgeExpired(now);
  }

  /** {@code response} is null only for a record whose request committed without storing one. */
  record StoredResponse(byte[] fingerprint, byte[] response) {}

  /**
   * Another request stored a response for the key first: this transaction was rolled back, and
   * {@link #find} gives the other's record.
   */
  final class KeyTakenException extends RuntimeException {
    public KeyTakenException(Throwable cause) {
      super("the idempotency key was taken by another request", cause);
    }
  }
}
