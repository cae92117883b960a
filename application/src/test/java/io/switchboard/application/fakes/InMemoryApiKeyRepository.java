package io.switchboard.application.fakes;

import io.switchboard.application.port.ApiKeyRepository;
import io.switchboard.domain.error.AlreadyExistsException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.org.ApiKey;
import io.switchboard.domain.org.ApiKeyId;
import io.switchboard.domain.org.OrganizationId;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

public final class InMemoryApiKeyRepository implements ApiKeyRepository {
  private final InMemoryDatabase db;

  public InMemoryApiKeyRepository(InMemoryDatabase db) {
    this.db = db;
  }

  @Override
  public void insert(ApiKey key) {
    db.requireOrganization(key.organizationId());
    db.apiKeys.write(all -> {
      if (all.containsKey(key.id())
          || all.values().stream().anyMatch(k -> Arrays.equals(k.secretHash(), key.secretHash()))) {
        throw new AlreadyExistsException(
            Reason.API_KEY_ALREADY_EXISTS, "an API key with this secret exists");
      }
      return all.put(key.id(), key);
    });
  }

  @Override
  public Optional<ApiKey> findBySecretHash(byte[] secretHash) {
    return db.apiKeys.read(all ->
        all.values().stream().filter(k -> Arrays.equals(k.secretHash(), secretHash)).findFirst());
  }

  @Override
  public Optional<ApiKey> findById(OrganizationId organizationId, ApiKeyId id) {
    return db.apiKeys.read(all ->
        Optional.ofNullable(all.get(id)).filter(k -> k.organizationId().equals(organizationId)));
  }

  @Override
  public List<ApiKey> list(OrganizationId organizationId) {
    return db.apiKeys.read(all ->
        all.values().stream()
            .filter(k -> k.organizationId().equals(organizationId))
            .sorted(
                Comparator.comparing(ApiKey::createdAt)
                    .thenComparing(k -> k.id().value().toString()))
            .toList());
  }

  @Override
  public void update(ApiKey key) {
    db.apiKeys.write(all -> {
      ApiKey stored = all.get(key.id());
      if (stored != null && stored.organizationId().equals(key.organizationId())) {
        all.put(key.id(), key);
      }
      return null;
    });
  }
}
