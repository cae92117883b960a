package io.switchboard.application.port;

import io.switchboard.domain.org.ApiKey;
import io.switchboard.domain.org.ApiKeyId;
import io.switchboard.domain.org.OrganizationId;
import java.util.List;
import java.util.Optional;

public interface ApiKeyRepository {
  void insert(ApiKey key);

  /** The key whose secret hashes to {@code secretHash} (SHA-256), revoked or not. */
  Optional<ApiKey> findBySecretHash(byte[] secretHash);

  Optional<ApiKey> findById(OrganizationId organizationId, ApiKeyId id);

  List<ApiKey> list(OrganizationId organizationId);

  void update(ApiKey key);
}
