package io.switchboard.application.admin;

import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.org.ApiKey;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.org.Scope;
import java.util.Set;

/** Operators create API keys of an organization (admin scope). */
public interface CreateApiKeyUseCase {
  /** Creates a key; the secret is in the result and is never retrievable again. */
  CreatedApiKey createApiKey(
      RequestContext ctx, OrganizationId organizationId, String name, Set<Scope> scopes);

  record CreatedApiKey(ApiKey key, String secret) {
    @Override
    public String toString() {
      return "CreatedApiKey[key=" + key + ", secret=***]";
    }
  }
}
