package io.switchboard.application.admin;

import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.org.Organization;
import java.util.Optional;

/** Operators create organizations (admin scope). */
public interface CreateOrganizationUseCase {
  Organization createOrganization(RequestContext ctx, String name, Optional<Integer> purchaseLimit);
}
