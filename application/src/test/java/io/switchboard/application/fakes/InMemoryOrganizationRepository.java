package io.switchboard.application.fakes;

import io.switchboard.application.port.OrganizationRepository;
import io.switchboard.domain.error.AlreadyExistsException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.org.Organization;
import io.switchboard.domain.org.OrganizationId;
import java.util.Optional;

public final class InMemoryOrganizationRepository implements OrganizationRepository {
  private final InMemoryDatabase db;

  public InMemoryOrganizationRepository(InMemoryDatabase db) {
    this.db = db;
  }

  @Override
  public void insert(Organization organization) {
    db.organizations.write(all -> {
      if (all.containsKey(organization.id())
          || all.values().stream().anyMatch(o -> o.name().equals(organization.name()))) {
        throw new AlreadyExistsException(
            Reason.ORGANIZATION_ALREADY_EXISTS, "an organization with this name exists");
      }
      return all.put(organization.id(), organization);
    });
  }

  @Override
  public Optional<Organization> findById(OrganizationId id) {
    return db.organizations.read(all -> Optional.ofNullable(all.get(id)));
  }

  @Override
  public Optional<Organization> findByName(String name) {
    return db.organizations.read(
        all -> all.values().stream().filter(o -> o.name().equals(name)).findFirst());
  }

  @Override
  public Optional<Organization> lock(OrganizationId id) {
    return findById(id);
  }
}
