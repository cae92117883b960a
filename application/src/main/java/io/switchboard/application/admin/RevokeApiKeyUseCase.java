package io.switchboard.application.admin;

import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.org.ApiKey;
import io.switchboard.domain.org.ApiKeyId;
import io.switchboard.domain.org.OrganizationId;

/** Operators revoke an API key (admin scope); revoking a revoked key changes nothing. */
public interface RevokeApiKeyUseCase {
  ApiKey revokeApiKey(RequestContext ctx, OrganizationId organizationId, ApiKeyId keyId);
}
