package io.switchboard.persistence;

import static io.switchboard.persistence.jooq.Tables.WEBHOOK_DELIVERIES;

import io.switchboard.application.port.WebhookDeliveryRepository;
import io.switchboard.application.port.query.Page;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.webhook.WebhookDelivery;
import io.switchboard.domain.webhook.WebhookDeliveryStatus;
import io.switchboard.domain.webhook.WebhookEndpointId;
import io.switchboard.domain.webhook.WebhookEventType;
import io.switchboard.persistence.jooq.tables.records.WebhookDeliveriesRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.impl.DSL;

/** The webhook messages and their delivery log. */
public final class JooqWebhookDeliveryRepository implements WebhookDeliveryRepository {
  private final JooqTransactions transactions;

  public JooqWebhookDeliveryRepository(JooqTransactions transactions) {
    this.transactions = transactions;
  }

  @Override
  public boolean insertIfAbsent(WebhookDelivery delivery) {
    return transactions
            .dsl()
            .insertInto(WEBHOOK_DELIVERIES)
            .set(toRecord(delivery))
            .onConflictDoNothing()
            .execute()
        == 1;
  }

  @Override
  public List<WebhookDelivery> due(WebhookEndpointId endpointId, Instant now, int limit) {
    var heads =
        DSL.selectDistinct(WEBHOOK_DELIVERIES.asterisk())
            .on(WEBHOOK_DELIVERIES.RESOURCE_KEY)
            .from(WEBHOOK_DELIVERIES)
            .where(WEBHOOK_DELIVERIES.ENDPOINT_ID.eq(endpointId.value()))
            .and(WEBHOOK_DELIVERIES.STATUS.eq(Columns.lower(WebhookDeliveryStatus.PENDING)))
            .orderBy(WEBHOOK_DELIVERIES.RESOURCE_KEY, WEBHOOK_DELIVERIES.REVISION)
            .asTable("heads");
    var nextAttempt = heads.field(WEBHOOK_DELIVERIES.NEXT_ATTEMPT_AT);
    return transactions
        .dsl()
        .selectFrom(heads)
        .where(nextAttempt.le(Columns.time(now)))
        .orderBy(nextAttempt, heads.field(WEBHOOK_DELIVERIES.REVISION))
        .limit(limit)
        .fetch(r -> toDelivery(r.into(WEBHOOK_DELIVERIES)));
  }

  @Override
  public void update(WebhookDelivery delivery) {
    WebhookDeliveriesRecord row = toRecord(delivery);
    row.changed(WEBHOOK_DELIVERIES.ID, false);
    int updated =
        transactions
            .dsl()
            .update(WEBHOOK_DELIVERIES)
            .set(row)
            .where(WEBHOOK_DELIVERIES.ID.eq(delivery.id()))
            .execute();
    if (updated == 0) {
      throw NotFoundException.of(Reason.WEBHOOK_DELIVERY_NOT_FOUND, delivery.id());
    }
  }

  @Override
  public Optional<WebhookDelivery> find(
      OrganizationId organizationId, WebhookEndpointId endpointId, String deliveryId) {
    return transactions
        .dsl()
        .selectFrom(WEBHOOK_DELIVERIES)
        .where(WEBHOOK_DELIVERIES.ID.eq(deliveryId))
        .and(WEBHOOK_DELIVERIES.ORGANIZATION_ID.eq(organizationId.value()))
        .and(WEBHOOK_DELIVERIES.ENDPOINT_ID.eq(endpointId.value()))
        .fetchOptional()
        .map(JooqWebhookDeliveryRepository::toDelivery);
  }

  @Override
  public Page<WebhookDelivery, Long> list(
      OrganizationId organizationId,
      WebhookEndpointId endpointId,
      int pageSize,
      Optional<Long> beforeRevision) {
    if (pageSize < 1) {
      throw InvalidArgumentException.of("page_size", "must be positive");
    }
    List<WebhookDelivery> rows =
        transactions
            .dsl()
            .selectFrom(WEBHOOK_DELIVERIES)
            .where(WEBHOOK_DELIVERIES.ORGANIZATION_ID.eq(organizationId.value()))
            .and(WEBHOOK_DELIVERIES.ENDPOINT_ID.eq(endpointId.value()))
            .and(beforeRevision.map(WEBHOOK_DELIVERIES.REVISION::lt).orElse(DSL.noCondition()))
            .orderBy(WEBHOOK_DELIVERIES.REVISION.desc())
            .limit(pageSize + 1)
            .fetch(JooqWebhookDeliveryRepository::toDelivery);
    List<WebhookDelivery> page = rows.subList(0, Math.min(pageSize, rows.size()));
    Optional<Long> next =
        rows.size() > pageSize ? Optional.of(page.getLast().revision()) : Optional.empty();
    return new Page<>(page, next, Optional.empty());
  }

  @Override
  public long backlog(WebhookEndpointId endpointId) {
    return transactions
        .dsl()
        .fetchCount(
            WEBHOOK_DELIVERIES,
            WEBHOOK_DELIVERIES
                .ENDPOINT_ID
                .eq(endpointId.value())
                .and(WEBHOOK_DELIVERIES.STATUS.eq(Columns.lower(WebhookDeliveryStatus.PENDING))));
  }

  private static WebhookDeliveriesRecord toRecord(WebhookDelivery d) {
    WebhookDeliveriesRecord r = new WebhookDeliveriesRecord();
    r.setId(d.id());
    r.setEndpointId(d.endpointId().value());
    r.setOrganizationId(d.organizationId().value());
    r.setRevision(d.revision());
    r.setEventType(d.eventType().wireName());
    r.setResourceKey(d.resourceKey());
    r.setBody(d.body());
    r.setStatus(Columns.lower(d.status()));
    r.setAttempts(d.attempts());
    r.setNextAttemptAt(d.nextAttemptAt().map(Columns::time).orElse(null));
    r.setLastStatusCode(d.lastStatusCode().orElse(null));
    r.setLastLatencyMs(d.lastLatency().map(Duration::toMillis).orElse(null));
    r.setLastError(d.lastError().orElse(null));
    r.setCreatedAt(Columns.time(d.createdAt()));
    r.setWindowStart(Columns.time(d.windowStart()));
    r.setLastAttemptAt(d.lastAttemptAt().map(Columns::time).orElse(null));
    return r;
  }

  static WebhookDelivery toDelivery(WebhookDeliveriesRecord r) {
    return new WebhookDelivery(
        r.getId(),
        new WebhookEndpointId(r.getEndpointId()),
        new OrganizationId(r.getOrganizationId()),
        r.getRevision(),
        WebhookEventType.parse(r.getEventType()),
        r.getResourceKey(),
        r.getBody(),
        Columns.parse(WebhookDeliveryStatus.class, r.getStatus()),
        r.getAttempts(),
        Optional.ofNullable(r.getNextAttemptAt()).map(Columns::instant),
        Optional.ofNullable(r.getLastStatusCode()),
        Optional.ofNullable(r.getLastLatencyMs()).map(Duration::ofMillis),
        Optional.ofNullable(r.getLastError()),
        Columns.instant(r.getCreatedAt()),
        Columns.instant(r.getWindowStart()),
        Optional.ofNullable(r.getLastAttemptAt()).map(Columns::instant));
  }
}
