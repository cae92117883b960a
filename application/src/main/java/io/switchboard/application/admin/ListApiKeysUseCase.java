package io.switchboard.application.admin;

import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.org.ApiKey;
import io.switchboard.domain.org.OrganizationId;
import java.util.List;

/** Operators list an organization's API keys (admin scope), revoked ones included. */
public interface ListApiKeysUseCase {
  List<ApiKey> listApiKeys(RequestContext ctx, OrganizationId organizationId);
}
