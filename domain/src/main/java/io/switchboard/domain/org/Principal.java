package io.switchboard.domain.org;

import io.switchboard.domain.error.PermissionDeniedException;
import java.util.Objects;
import java.util.Set;

/** Who is calling: the organization and key behind the credential, and what the key may do. */
public record Principal(OrganizationId organizationId, ApiKeyId keyId, Set<Scope> scopes) {
  public Principal {
    Objects.requireNonNull(organizationId, "organizationId");
    Objects.requireNonNull(keyId, "keyId");
    scopes = Set.copyOf(scopes);
  }

  public boolean has(Scope scope) {
    return scopes.contains(scope);
  }

  public void require(Scope scope) {
    if (!has(scope)) {
      throw PermissionDeniedException.missingScope(scope.wireName());
    }
  }
}
