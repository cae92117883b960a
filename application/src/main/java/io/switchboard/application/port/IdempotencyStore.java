package io.switchboard.application.port;

import io.switchboard.domain.org.OrganizationId;
import java.time.Instant;
import java.util.Optional;

/**
 * Remembers the response to each idempotency key for 24 hours. Used inside the mutation's
 * transaction: a concurrent claim of the same key waits until the first transaction ends, then sees
 * its stored response.
 */
public interface IdempotencyStore {
  /**
   * Claims {@code key} for this transaction, or returns what an earlier request with the same key
   * stored. An expired record counts as absent.
   */
  Optional<StoredResponse> claim(
      OrganizationId organizationId,
      String key,
      byte[] fingerprint,
      Instant now,
      Instant expiresAt);

  /** Stores the response of the request that claimed the key. */
  void complete(OrganizationId organizationId, String key, byte[] response);

  /** Deletes records that expired before {@code now}; returns how many. */
  int purgeExpired(Instant now);

  /**
   * Same, at most {@code batchSize} records in one call, so no single statement holds many row
   * locks for long.
   */
  default int purgeExpired(Instant now, int batchSize) {
    return purgeExpired(now);
  }

  record StoredResponse(byte[] fingerprint, byte[] response) {}
}
