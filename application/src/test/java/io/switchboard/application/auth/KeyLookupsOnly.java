package io.switchboard.application.auth;

import io.switchboard.application.port.ApiKeyRepository;
import io.switchboard.domain.org.ApiKey;
import io.switchboard.domain.org.ApiKeyId;
import io.switchboard.domain.org.OrganizationId;
import java.util.List;
import java.util.Optional;

/** A key store for authentication tests: only lookups by hash may happen, anything else fails. */
abstract class KeyLookupsOnly implements ApiKeyRepository {

  @Override
  public void insert(ApiKey key) {
    throw new AssertionError("authentication never stores a key");
  }

  @Override
  public Optional<ApiKey> findById(OrganizationId organizationId, ApiKeyId id) {
    throw new AssertionError("authentication looks keys up by hash only");
  }

  @Override
  public List<ApiKey> list(OrganizationId organizationId) {
    throw new AssertionError("authentication never lists keys");
  }

  @Override
  public void update(ApiKey key) {
    throw new AssertionError("authentication never changes a key");
  }
}
