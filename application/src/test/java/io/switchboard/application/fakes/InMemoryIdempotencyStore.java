package io.switchboard.application.fakes;

import io.switchboard.application.fakes.InMemoryTransactions.Table;
import io.switchboard.application.port.IdempotencyStore;
import io.switchboard.domain.org.OrganizationId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * Idempotency records in memory, stored inside the caller's transaction: a rolled-back store leaves
 * the key free. Transactions run one at a time, so a second store of a live key sees the first's
 * record and fails at once.
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {
  private record Key(OrganizationId organizationId, String key) {}

  private record Stored(byte[] fingerprint, byte[] response, Instant expiresAt) {}

  private final InMemoryDatabase db;
  private final Table<LinkedHashMap<Key, Stored>> records;

  public InMemoryIdempotencyStore(InMemoryDatabase db) {
    this.db = db;
    this.records = db.transactions.table(new LinkedHashMap<>(), LinkedHashMap::new);
  }

  @Override
  public Optional<StoredResponse> find(OrganizationId organizationId, String key, Instant now) {
    return records.read(all -> {
      Stored stored = all.get(new Key(organizationId, key));
      if (stored == null || !stored.expiresAt().isAfter(now)) {
        return Optional.empty();
      }
      return Optional.of(
          new StoredResponse(stored.fingerprint().clone(), stored.response().clone()));
    });
  }

  @Override
  public void store(
      OrganizationId organizationId,
      String key,
      byte[] fingerprint,
      byte[] response,
      Instant now,
      Instant expiresAt) {
    db.requireOrganization(organizationId);
    records.write(all -> {
      Key id = new Key(organizationId, key);
      Stored earlier = all.get(id);
      if (earlier != null && earlier.expiresAt().isAfter(now)) {
        throw new KeyTakenException(null);
      }
      return all.put(id, new Stored(fingerprint.clone(), response.clone(), expiresAt));
    });
  }

  @Override
  public int purgeExpired(Instant now) {
    return purgeExpired(now, Integer.MAX_VALUE);
  }

  @Override
  public int purgeExpired(Instant now, int batchSize) {
    return records.write(all -> {
      int purged = 0;
      var entries = all.entrySet().iterator();
      while (entries.hasNext() && purged < batchSize) {
        if (entries.next().getValue().expiresAt().isBefore(now)) {
          entries.remove();
          purged++;
        }
      }
      return purged;
    });
  }
}
