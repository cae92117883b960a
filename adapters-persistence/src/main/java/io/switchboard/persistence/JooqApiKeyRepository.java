package io.switchboard.persistence;

import static io.switchboard.persistence.jooq.Tables.API_KEYS;

import io.switchboard.application.port.ApiKeyRepository;
import io.switchboard.domain.org.ApiKey;
import io.switchboard.domain.org.ApiKeyId;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.org.Scope;
import io.switchboard.persistence.jooq.tables.records.ApiKeysRecord;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** API keys; only the SHA-256 of a secret is ever stored. Scopes are stored by their wire names. */
public final class JooqApiKeyRepository implements ApiKeyRepository {
  private final JooqTransactions transactions;

  public JooqApiKeyRepository(JooqTransactions transactions) {
    this.transactions = transactions;
  }

  @Override
  public void insert(ApiKey key) {
    transactions
        .dsl()
        .insertInto(API_KEYS)
        .set(API_KEYS.ID, key.id().value())
        .set(API_KEYS.ORGANIZATION_ID, key.organizationId().value())
        .set(API_KEYS.NAME, key.name())
        .set(API_KEYS.PREFIX, key.prefix())
        .set(API_KEYS.SECRET_HASH, key.secretHash())
        .set(API_KEYS.SCOPES, scopes(key))
        .set(API_KEYS.CREATED_AT, Columns.time(key.createdAt()))
        .set(API_KEYS.REVOKED_AT, key.revokedAt().map(Columns::time).orElse(null))
        .execute();
  }

  @Override
  public Optional<ApiKey> findBySecretHash(byte[] secretHash) {
    return transactions
        .dsl()
        .selectFrom(API_KEYS)
        .where(API_KEYS.SECRET_HASH.eq(secretHash))
        .fetchOptional()
        .map(JooqApiKeyRepository::toApiKey);
  }

  @Override
  public Optional<ApiKey> findById(OrganizationId organizationId, ApiKeyId id) {
    return transactions
        .dsl()
        .selectFrom(API_KEYS)
        .where(API_KEYS.ID.eq(id.value()).and(API_KEYS.ORGANIZATION_ID.eq(organizationId.value())))
        .fetchOptional()
        .map(JooqApiKeyRepository::toApiKey);
  }

  @Override
  public List<ApiKey> list(OrganizationId organizationId) {
    return transactions
        .dsl()
        .selectFrom(API_KEYS)
        .where(API_KEYS.ORGANIZATION_ID.eq(organizationId.value()))
        .orderBy(API_KEYS.CREATED_AT, API_KEYS.ID)
        .fetch(JooqApiKeyRepository::toApiKey);
  }

  @Override
  public void update(ApiKey key) {
    transactions
        .dsl()
        .update(API_KEYS)
        .set(API_KEYS.NAME, key.name())
        .set(API_KEYS.SCOPES, scopes(key))
        .set(API_KEYS.REVOKED_AT, key.revokedAt().map(Columns::time).orElse(null))
        .where(
            API_KEYS
                .ID
                .eq(key.id().value())
                .and(API_KEYS.ORGANIZATION_ID.eq(key.organizationId().value())))
        .execute();
  }

  private static String[] scopes(ApiKey key) {
    return key.scopes().stream().map(Scope::wireName).sorted().toArray(String[]::new);
  }

  private static ApiKey toApiKey(ApiKeysRecord r) {
    return new ApiKey(
        new ApiKeyId(r.getId()),
        new OrganizationId(r.getOrganizationId()),
        r.getName(),
        r.getPrefix(),
        r.getSecretHash(),
        Arrays.stream(r.getScopes()).map(Scope::parse).collect(Collectors.toSet()),
        Columns.instant(r.getCreatedAt()),
        Optional.ofNullable(r.getRevokedAt()).map(Columns::instant));
  }
}
