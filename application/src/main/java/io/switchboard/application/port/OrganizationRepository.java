package io.switchboard.application.port;

import io.switchboard.domain.org.Organization;
import io.switchboard.domain.org.OrganizationId;
import java.util.Optional;

public interface OrganizationRepository {
  /** Throws AlreadyExistsException when the name is taken. */
  void insert(Organization organization);

  Optional<Organization> findById(OrganizationId id);

  Optional<Organization> findByName(String name);

  /**
   * Same as findById, locking the row: purchases of one organization serialize so the cap cannot be
   * overrun.
   */
  Optional<Organization> lock(OrganizationId id);
}
