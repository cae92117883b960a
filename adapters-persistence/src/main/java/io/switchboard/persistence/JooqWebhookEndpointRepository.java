package io.switchboard.persistence;

import static io.switchboard.persistence.jooq.Tables.WEBHOOK_ENDPOINTS;

import io.switchboard.application.port.WebhookEndpointRepository;
import io.switchboard.application.port.query.Page;
import io.switchboard.domain.error.ConcurrencyConflictException;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.routing.HttpsUrl;
import io.switchboard.domain.trunk.SealedSecret;
import io.switchboard.domain.webhook.WebhookDescription;
import io.switchboard.domain.webhook.WebhookEndpoint;
import io.switchboard.domain.webhook.WebhookEndpointId;
import io.switchboard.domain.webhook.WebhookEventType;
import io.switchboard.domain.webhook.WebhookStatus;
import io.switchboard.persistence.jooq.tables.records.WebhookEndpointsRecord;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.Record2;
import org.jooq.impl.DSL;

/**
 * Webhook endpoints with their cursor and lease. Leases are judged by the database's clock ({@code
 * now()}), so replicas with skewed clocks still agree on who holds one; a claim is one UPDATE whose
 * condition PostgreSQL re-checks on the locked row, so two replicas never both win an endpoint.
 */
public final class JooqWebhookEndpointRepository implements WebhookEndpointRepository {
  private final JooqTransactions transactions;

  public JooqWebhookEndpointRepository(JooqTransactions transactions) {
    this.transactions = transactions;
  }

  @Override
  public void insert(WebhookEndpoint endpoint, long cursor) {
    WebhookEndpointsRecord r = toRecord(endpoint);
    r.setCursorRevision(cursor);
    transactions.dsl().insertInto(WEBHOOK_ENDPOINTS).set(r).execute();
  }

  @Override
  public Optional<WebhookEndpoint> findById(OrganizationId organizationId, WebhookEndpointId id) {
    return transactions
        .dsl()
        .selectFrom(WEBHOOK_ENDPOINTS)
        .where(ownedBy(organizationId).and(WEBHOOK_ENDPOINTS.ID.eq(id.value())))
        .fetchOptional()
        .map(JooqWebhookEndpointRepository::toEndpoint);
  }

  @Override
  public Optional<WebhookEndpoint> lock(OrganizationId organizationId, WebhookEndpointId id) {
    return transactions
        .dsl()
        .selectFrom(WEBHOOK_ENDPOINTS)
        .where(ownedBy(organizationId).and(WEBHOOK_ENDPOINTS.ID.eq(id.value())))
        .forUpdate()
        .fetchOptional()
        .map(JooqWebhookEndpointRepository::toEndpoint);
  }

  @Override
  public void update(WebhookEndpoint endpoint) {
    WebhookEndpointsRecord row = toRecord(endpoint);
    row.changed(WEBHOOK_ENDPOINTS.ID, false);
    row.changed(WEBHOOK_ENDPOINTS.ORGANIZATION_ID, false);
    row.changed(WEBHOOK_ENDPOINTS.CREATED_AT, false);
    row.changed(WEBHOOK_ENDPOINTS.CURSOR_REVISION, false);
    row.changed(WEBHOOK_ENDPOINTS.LEASE_OWNER, false);
    row.changed(WEBHOOK_ENDPOINTS.LEASE_EXPIRES_AT, false);
    int updated =
        transactions
            .dsl()
            .update(WEBHOOK_ENDPOINTS)
            .set(row)
            .where(
                ownedBy(endpoint.organizationId())
                    .and(WEBHOOK_ENDPOINTS.ID.eq(endpoint.id().value()))
                    .and(WEBHOOK_ENDPOINTS.VERSION.eq(endpoint.version() - 1)))
            .execute();
    if (updated == 0) {
      throw ConcurrencyConflictException.staleEtag("webhook endpoint");
    }
  }

  @Override
  public boolean delete(OrganizationId organizationId, WebhookEndpointId id) {
    // its deliveries go with it (ON DELETE CASCADE)
    return transactions
            .dsl()
            .deleteFrom(WEBHOOK_ENDPOINTS)
            .where(ownedBy(organizationId).and(WEBHOOK_ENDPOINTS.ID.eq(id.value())))
            .execute()
        == 1;
  }

  @Override
  public Page<WebhookEndpoint, WebhookEndpointId> list(
      OrganizationId organizationId, int pageSize, Optional<WebhookEndpointId> after) {
    if (pageSize < 1) {
      throw InvalidArgumentException.of("page_size", "must be positive");
    }
    Condition where = ownedBy(organizationId);
    if (after.isPresent()) {
      Optional<Record2<OffsetDateTime, UUID>> position =
          transactions
              .dsl()
              .select(WEBHOOK_ENDPOINTS.CREATED_AT, WEBHOOK_ENDPOINTS.ID)
              .from(WEBHOOK_ENDPOINTS)
              .where(ownedBy(organizationId).and(WEBHOOK_ENDPOINTS.ID.eq(after.get().value())))
              .fetchOptional();
      if (position.isPresent()) {
        where =
            where.and(
                DSL.row(WEBHOOK_ENDPOINTS.CREATED_AT, WEBHOOK_ENDPOINTS.ID)
                    .gt(position.get().value1(), position.get().value2()));
      }
    }
    List<WebhookEndpoint> rows =
        transactions
            .dsl()
            .selectFrom(WEBHOOK_ENDPOINTS)
            .where(where)
            .orderBy(WEBHOOK_ENDPOINTS.CREATED_AT, WEBHOOK_ENDPOINTS.ID)
            .limit(pageSize + 1)
            .fetch(JooqWebhookEndpointRepository::toEndpoint);
    List<WebhookEndpoint> page = rows.subList(0, Math.min(pageSize, rows.size()));
    Optional<WebhookEndpointId> next =
        rows.size() > pageSize ? Optional.of(page.getLast().id()) : Optional.empty();
    return new Page<>(page, next, Optional.empty());
  }

  @Override
  public List<WebhookEndpoint> claim(String owner, Duration ttl, int limit) {
    var claimable =
        DSL.select(WEBHOOK_ENDPOINTS.ID)
            .from(WEBHOOK_ENDPOINTS)
            .where(WEBHOOK_ENDPOINTS.ENABLED.isTrue())
            .and(
                WEBHOOK_ENDPOINTS
                    .LEASE_OWNER
                    .isNull()
                    .or(WEBHOOK_ENDPOINTS.LEASE_OWNER.eq(owner))
                    .or(WEBHOOK_ENDPOINTS.LEASE_EXPIRES_AT.lt(DSL.currentOffsetDateTime())))
            .orderBy(WEBHOOK_ENDPOINTS.CREATED_AT, WEBHOOK_ENDPOINTS.ID)
            .limit(limit);
    return transactions
        .dsl()
        .update(WEBHOOK_ENDPOINTS)
        .set(WEBHOOK_ENDPOINTS.LEASE_OWNER, owner)
        .set(
            WEBHOOK_ENDPOINTS.LEASE_EXPIRES_AT,
            DSL.field(
                "now() + make_interval(secs => {0})",
                OffsetDateTime.class, DSL.val(ttl.toMillis() / 1000.0)))
        .where(WEBHOOK_ENDPOINTS.ID.in(claimable))
        // re-checked on the locked row: a peer that claimed it meanwhile keeps it
        .and(WEBHOOK_ENDPOINTS.ENABLED.isTrue())
        .and(
            WEBHOOK_ENDPOINTS
                .LEASE_OWNER
                .isNull()
                .or(WEBHOOK_ENDPOINTS.LEASE_OWNER.eq(owner))
                .or(WEBHOOK_ENDPOINTS.LEASE_EXPIRES_AT.lt(DSL.currentOffsetDateTime())))
        .returning()
        .fetch()
        .stream()
        .map(JooqWebhookEndpointRepository::toEndpoint)
        .toList();
  }

  @Override
  public void release(String owner) {
    transactions
        .dsl()
        .update(WEBHOOK_ENDPOINTS)
        .setNull(WEBHOOK_ENDPOINTS.LEASE_OWNER)
        .setNull(WEBHOOK_ENDPOINTS.LEASE_EXPIRES_AT)
        .where(WEBHOOK_ENDPOINTS.LEASE_OWNER.eq(owner))
        .execute();
  }

  @Override
  public long cursor(WebhookEndpointId id) {
    return transactions
        .dsl()
        .select(WEBHOOK_ENDPOINTS.CURSOR_REVISION)
        .from(WEBHOOK_ENDPOINTS)
        .where(WEBHOOK_ENDPOINTS.ID.eq(id.value()))
        .fetchOptional(r -> r.value1())
        .orElse(0L);
  }

  @Override
  public boolean advance(WebhookEndpointId id, String owner, long revision) {
    return transactions
            .dsl()
            .update(WEBHOOK_ENDPOINTS)
            .set(
                WEBHOOK_ENDPOINTS.CURSOR_REVISION,
                DSL.greatest(WEBHOOK_ENDPOINTS.CURSOR_REVISION, DSL.val(revision)))
            .where(WEBHOOK_ENDPOINTS.ID.eq(id.value()))
            .and(WEBHOOK_ENDPOINTS.LEASE_OWNER.eq(owner))
            .and(WEBHOOK_ENDPOINTS.LEASE_EXPIRES_AT.ge(DSL.currentOffsetDateTime()))
            .execute()
        == 1;
  }

  @Override
  public List<SealedSecrets> sealedUnderOtherKeys(
      String keyId, Optional<WebhookEndpointId> after, int limit) {
    return transactions
        .dsl()
        .select(
            WEBHOOK_ENDPOINTS.ID,
            WEBHOOK_ENDPOINTS.SECRET_KEY_ID,
            WEBHOOK_ENDPOINTS.SECRET,
            WEBHOOK_ENDPOINTS.PREVIOUS_SECRET_KEY_ID,
            WEBHOOK_ENDPOINTS.PREVIOUS_SECRET)
        .from(WEBHOOK_ENDPOINTS)
        .where(
            WEBHOOK_ENDPOINTS
                .SECRET_KEY_ID
                .ne(keyId)
                .or(WEBHOOK_ENDPOINTS.PREVIOUS_SECRET_KEY_ID.ne(keyId)))
        .and(after.map(a -> WEBHOOK_ENDPOINTS.ID.gt(a.value())).orElse(DSL.noCondition()))
        .orderBy(WEBHOOK_ENDPOINTS.ID)
        .limit(limit)
        .fetch(r ->
            new SealedSecrets(
                new WebhookEndpointId(r.value1()),
                new SealedSecret(r.value2(), r.value3()),
                r.value5() == null
                    ? Optional.empty()
                    : Optional.of(new SealedSecret(r.value4(), r.value5()))));
  }

  @Override
  public boolean replaceSealed(SealedSecrets before, SealedSecrets after) {
    if (!before.endpointId().equals(after.endpointId())) {
      throw new IllegalArgumentException("before and after name different endpoints");
    }
    Condition previousStill =
        before
            .previous()
            .map(p ->
                WEBHOOK_ENDPOINTS
                    .PREVIOUS_SECRET_KEY_ID
                    .eq(p.keyId())
                    .and(WEBHOOK_ENDPOINTS.PREVIOUS_SECRET.eq(p.ciphertext())))
            .orElseGet(WEBHOOK_ENDPOINTS.PREVIOUS_SECRET::isNull);
    return transactions
            .dsl()
            .update(WEBHOOK_ENDPOINTS)
            .set(WEBHOOK_ENDPOINTS.SECRET, after.secret().ciphertext())
            .set(WEBHOOK_ENDPOINTS.SECRET_KEY_ID, after.secret().keyId())
            .set(
                WEBHOOK_ENDPOINTS.PREVIOUS_SECRET,
                after.previous().map(SealedSecret::ciphertext).orElse(null))
            .set(
                WEBHOOK_ENDPOINTS.PREVIOUS_SECRET_KEY_ID,
                after.previous().map(SealedSecret::keyId).orElse(null))
            .where(WEBHOOK_ENDPOINTS.ID.eq(before.endpointId().value()))
            .and(WEBHOOK_ENDPOINTS.SECRET_KEY_ID.eq(before.secret().keyId()))
            .and(WEBHOOK_ENDPOINTS.SECRET.eq(before.secret().ciphertext()))
            .and(previousStill)
            .execute()
        == 1;
  }

  @Override
  public OptionalLong lowestEnabledCursor() {
    Long lowest =
        transactions
            .dsl()
            .select(DSL.min(WEBHOOK_ENDPOINTS.CURSOR_REVISION))
            .from(WEBHOOK_ENDPOINTS)
            .where(WEBHOOK_ENDPOINTS.ENABLED.isTrue())
            .fetchOne(0, Long.class);
    return lowest == null ? OptionalLong.empty() : OptionalLong.of(lowest);
  }

  private static Condition ownedBy(OrganizationId organizationId) {
    return WEBHOOK_ENDPOINTS.ORGANIZATION_ID.eq(organizationId.value());
  }

  private static WebhookEndpointsRecord toRecord(WebhookEndpoint e) {
    WebhookEndpointsRecord r = new WebhookEndpointsRecord();
    r.setId(e.id().value());
    r.setOrganizationId(e.organizationId().value());
    r.setUrl(e.url().value());
    r.setEventTypes(e.eventTypes().stream().map(WebhookEventType::wireName).toArray(String[]::new));
    r.setDescription(e.description().value());
    r.setEnabled(e.enabled());
    r.setStatus(Columns.lower(e.status()));
    r.setSecret(e.secret().ciphertext());
    r.setSecretKeyId(e.secret().keyId());
    r.setPreviousSecret(e.previousSecret().map(SealedSecret::ciphertext).orElse(null));
    r.setPreviousSecretKeyId(e.previousSecret().map(SealedSecret::keyId).orElse(null));
    r.setPreviousSecretUntil(e.previousSecretUntil().map(Columns::time).orElse(null));
    r.setVersion(e.version());
    r.setCreatedAt(Columns.time(e.createdAt()));
    r.setUpdatedAt(Columns.time(e.updatedAt()));
    return r;
  }

  static WebhookEndpoint toEndpoint(WebhookEndpointsRecord r) {
    return new WebhookEndpoint(
        new WebhookEndpointId(r.getId()),
        new OrganizationId(r.getOrganizationId()),
        new HttpsUrl(r.getUrl()),
        Arrays.stream(r.getEventTypes()).map(WebhookEventType::parse).collect(Collectors.toSet()),
        new WebhookDescription(r.getDescription()),
        r.getEnabled(),
        Columns.parse(WebhookStatus.class, r.getStatus()),
        new SealedSecret(r.getSecretKeyId(), r.getSecret()),
        r.getPreviousSecret() == null
            ? Optional.empty()
            : Optional.of(new SealedSecret(r.getPreviousSecretKeyId(), r.getPreviousSecret())),
        Optional.ofNullable(r.getPreviousSecretUntil()).map(Columns::instant),
        r.getVersion(),
        Columns.instant(r.getCreatedAt()),
        Columns.instant(r.getUpdatedAt()));
  }
}
