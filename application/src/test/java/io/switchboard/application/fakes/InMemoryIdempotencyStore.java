package io.switchboard.application.fakes;

import io.switchboard.application.fakes.InMemoryTransactions.Table;
import io.switchboard.application.port.IdempotencyStore;
import io.switchboard.domain.org.OrganizationId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * Idempotency records in memory, claimed inside the caller's transaction: a rolled-back claim
 * leaves the key free, and a concurrent claim waits for the first transaction (transactions run one
 * at a time) and then replays it.
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
  public Optional<StoredResponse> claim(
      OrganizationId organizationId,
      String key,
      byte[] fingerprint,
      Instant now,
      Instant expiresAt) {
    db.requireOrganization(organizationId);
    return records.write(all -> {
      Key id = new Key(organizationId, key);
      Stored earlier = all.get(id);
      if (earlier == null
          || !earlier.expiresAt().isAfter(now)) { // an expired record counts as absent
        all.put(id, new Stored(fingerprint.clone(), null, expiresAt));
        return Optional.empty();
      }
      return Optional.of(
          new StoredResponse(
              earlier.fingerprint().clone(),
              earlier.response() == null ? null : earlier.response().clone()));
    });
  }

  @Override
  public void complete(OrganizationId organizationId, String key, byte[] response) {
    records.write(all -> {
      Key id = new Key(organizationId, key);
      Stored claimed = all.get(id);
      if (claimed == null) {
        throw new IllegalStateException(
            "complete() without a claim of the key in this transaction");
      }
      return all.put(id, new Stored(claimed.fingerprint(), response.clone(), claimed.expiresAt()));
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
