package io.switchboard.domain.org;

import io.switchboard.domain.common.Text;
import io.switchboard.domain.error.InvalidArgumentException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A credential of one organization. Only a hash of the secret is ever stored; {@code prefix} is the
 * first characters of the secret, kept so a person can tell keys apart in listings without the
 * secret being recoverable.
 */
public record ApiKey(
    ApiKeyId id,
    OrganizationId organizationId,
    String name,
    String prefix,
    byte[] secretHash,
    Set<Scope> scopes,
    Instant createdAt,
    Optional<Instant> revokedAt) {

  public ApiKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(organizationId, "organizationId");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(secretHash, "secretHash");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(revokedAt, "revokedAt");
    try {
      name = Text.requireLine(name, 200);
    } catch (InvalidArgumentException e) {
      throw e.under("name");
    }
    if (scopes == null || scopes.isEmpty()) {
      throw InvalidArgumentException.of("scopes", "must name at least one scope");
    }
    scopes = Set.copyOf(EnumSet.copyOf(scopes));
    secretHash = secretHash.clone();
  }

  @Override
  public byte[] secretHash() {
    return secretHash.clone();
  }

  public boolean isRevoked() {
    return revokedAt.isPresent();
  }

  public ApiKey revoke(Instant at) {
    return isRevoked()
        ? this
        : new ApiKey(
            id, organizationId, name, prefix, secretHash, scopes, createdAt, Optional.of(at));
  }

  public Principal principal() {
    return new Principal(organizationId, id, scopes);
  }

  @Override
  public String toString() {
    return "ApiKey[id="
        + id
        + ", organizationId="
        + organizationId
        + ", name="
        + name
        + ", prefix="
        + prefix
        + ", scopes="
        + scopes
        + ", revoked="
        + isRevoked()
        + "]";
  }
}
