package io.switchboard.application.admin;

import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.org.ApiKey;
import io.switchboard.domain.org.ApiKeyId;
import io.switchboard.domain.org.Organization;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.org.Scope;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Operators create organizations and manage their API keys. Every method needs the admin scope. */
public interface AdminUseCases {
  Organization createOrganization(RequestContext ctx, String name, Optional<Integer> purchaseLimit);

  /** Creates a key; the secret is in the result and is never retrievable again. */
  CreatedApiKey createApiKey(RequestContext ctx, OrganizationId organizationId, String name, Set<Scope> scopes);

  ApiKey revokeApiKey(RequestContext ctx, OrganizationId organizationId, ApiKeyId keyId);

  List<ApiKey> listApiKeys(RequestContext ctx, OrganizationId organizationId);

  record CreatedApiKey(ApiKey key, String secret) {
    @Override
    public String toString() {
      return "CreatedApiKey[key=" + key + ", secret=***]";
    }
  }
}
