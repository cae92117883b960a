package io.switchboard.persistence;

import static io.switchboard.persistence.jooq.Tables.ORGANIZATIONS;

import io.switchboard.application.port.OrganizationRepository;
import io.switchboard.domain.org.Organization;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.persistence.jooq.tables.records.OrganizationsRecord;
import java.util.Optional;

public final class JooqOrganizationRepository implements OrganizationRepository {
  private final JooqTransactions transactions;

  public JooqOrganizationRepository(JooqTransactions transactions) {
    this.transactions = transactions;
  }

  @Override
  public void insert(Organization organization) {
    transactions
        .dsl()
        .insertInto(ORGANIZATIONS)
        .set(ORGANIZATIONS.ID, organization.id().value())
        .set(ORGANIZATIONS.NAME, organization.name())
        .set(ORGANIZATIONS.PURCHASE_LIMIT, organization.purchaseLimit())
        .set(ORGANIZATIONS.CREATED_AT, Columns.time(organization.createdAt()))
        .execute();
  }

  @Override
  public Optional<Organization> findById(OrganizationId id) {
    return transactions
        .dsl()
        .selectFrom(ORGANIZATIONS)
        .where(ORGANIZATIONS.ID.eq(id.value()))
        .fetchOptional()
        .map(JooqOrganizationRepository::toOrganization);
  }

  @Override
  public Optional<Organization> findByName(String name) {
    return transactions
        .dsl()
        .selectFrom(ORGANIZATIONS)
        .where(ORGANIZATIONS.NAME.eq(name))
        .fetchOptional()
        .map(JooqOrganizationRepository::toOrganization);
  }

  @Override
  public Optional<Organization> lock(OrganizationId id) {
    return transactions
        .dsl()
        .selectFrom(ORGANIZATIONS)
        .where(ORGANIZATIONS.ID.eq(id.value()))
        .forUpdate()
        .fetchOptional()
        .map(JooqOrganizationRepository::toOrganization);
  }

  private static Organization toOrganization(OrganizationsRecord r) {
    return new Organization(
        new OrganizationId(r.getId()),
        r.getName(),
        r.getPurchaseLimit(),
        Columns.instant(r.getCreatedAt()));
  }
}
