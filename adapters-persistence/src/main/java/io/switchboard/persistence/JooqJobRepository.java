package io.switchboard.persistence;

import static io.switchboard.persistence.jooq.Tables.JOBS;
import static io.switchboard.persistence.jooq.Tables.JOB_ITEMS;

import io.switchboard.application.port.JobRepository;
import io.switchboard.application.port.query.FailedJobItem;
import io.switchboard.application.port.query.JobCursor;
import io.switchboard.application.port.query.JobFilter;
import io.switchboard.application.port.query.JobItem;
import io.switchboard.application.port.query.Page;
import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.error.AlreadyExistsException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.job.Job;
import io.switchboard.domain.job.JobCounts;
import io.switchboard.domain.job.JobId;
import io.switchboard.domain.job.JobItemResult;
import io.switchboard.domain.job.JobKind;
import io.switchboard.domain.job.JobState;
import io.switchboard.domain.org.ApiKeyId;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.org.Scope;
import io.switchboard.persistence.jooq.tables.records.JobsRecord;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.JSON;
import org.jooq.Row4;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Jobs and their items in PostgreSQL. Items go in as multi-row INSERTs (one statement per chunk),
 * results as one UPDATE ... FROM (VALUES ...) per slice. A claim takes the oldest claimable job
 * with {@code FOR UPDATE SKIP LOCKED}, so two replicas never take the same one and neither waits on
 * the other's running slice; lease times are the database's ({@code now()}).
 */
public final class JooqJobRepository implements JobRepository {
  private static final String RETURN_TO_CARRIER = "{\"return_to_carrier\": true}";
  private static final String NO_OPTIONS = "{}";

  private final JooqTransactions transactions;

  public JooqJobRepository(JooqTransactions transactions) {
    this.transactions = transactions;
  }

  @Override
  public void insert(Job job) {
    JobsRecord r = toRecord(job);
    try {
      transactions.dsl().insertInto(JOBS).set(r).execute();
    } catch (RuntimeException e) {
      RuntimeException translated = SqlErrors.translate(e);
      if (translated instanceof AlreadyExistsException) {
        throw new AlreadyExistsException(
            Reason.ALREADY_EXISTS, "a job with request id " + job.requestId() + " exists");
      }
      throw translated;
    }
  }

  @Override
  public void appendItems(JobId id, List<JobItem> items) {
    if (items.isEmpty()) {
      return;
    }
    var insert =
        transactions
            .dsl()
            .insertInto(
                JOB_ITEMS, JOB_ITEMS.JOB_ID, JOB_ITEMS.IDX, JOB_ITEMS.PAYLOAD, JOB_ITEMS.LABEL);
    var step =
        insert.values(
            id.value(),
            items.getFirst().index(),
            items.getFirst().payload(),
            items.getFirst().label());
    for (JobItem item : items.subList(1, items.size())) {
      step = step.values(id.value(), item.index(), item.payload(), item.label());
    }
    step.execute();
  }

  @Override
  public void update(Job job) {
    transactions
        .dsl()
        .update(JOBS)
        .set(JOBS.STATE, Columns.lower(job.state()))
        .set(JOBS.TOTAL_ITEMS, job.totalItems())
        .set(JOBS.SUCCEEDED_ITEMS, job.counts().succeeded())
        .set(JOBS.UNCHANGED_ITEMS, job.counts().unchanged())
        .set(JOBS.FAILED_ITEMS, job.counts().failed())
        .set(JOBS.NEXT_INDEX, job.cursor())
        .set(JOBS.CANCEL_REQUESTED, job.cancelRequested())
        .set(JOBS.ERROR, job.error().orElse(null))
        .set(JOBS.STARTED_AT, job.startTime().map(Columns::time).orElse(null))
        .set(JOBS.UPDATED_AT, Columns.time(job.updateTime()))
        .set(JOBS.ENDED_AT, job.endTime().map(Columns::time).orElse(null))
        .where(JOBS.ID.eq(job.id().value()))
        .execute();
  }

  @Override
  public Optional<Job> find(OrganizationId organizationId, JobId id) {
    return transactions
        .dsl()
        .selectFrom(JOBS)
        .where(JOBS.ORGANIZATION_ID.eq(organizationId.value()).and(JOBS.ID.eq(id.value())))
        .fetchOptional()
        .map(JooqJobRepository::toJob);
  }

  @Override
  public Optional<Job> findByRequestId(OrganizationId organizationId, RequestId requestId) {
    return transactions
        .dsl()
        .selectFrom(JOBS)
        .where(JOBS.ORGANIZATION_ID.eq(organizationId.value()))
        .and(JOBS.REQUEST_ID.eq(requestId.value()))
        .fetchOptional()
        .map(JooqJobRepository::toJob);
  }

  @Override
  public Optional<Job> lock(JobId id) {
    return transactions
        .dsl()
        .selectFrom(JOBS)
        .where(JOBS.ID.eq(id.value()))
        .forUpdate()
        .fetchOptional()
        .map(JooqJobRepository::toJob);
  }

  @Override
  public Page<Job, JobCursor> list(
      OrganizationId organizationId, JobFilter filter, Optional<JobCursor> after, int limit) {
    Condition where = JOBS.ORGANIZATION_ID.eq(organizationId.value());
    if (filter.kind().isPresent()) {
      where = where.and(JOBS.KIND.eq(filter.kind().get().wireName()));
    }
    if (filter.done().isPresent()) {
      Condition unfinished = JOBS.STATE.in("pending", "running");
      where = where.and(filter.done().get() ? DSL.not(unfinished) : unfinished);
    }
    if (after.isPresent()) {
      where =
          where.and(
              DSL.row(JOBS.CREATED_AT, JOBS.ID)
                  .lt(Columns.time(after.get().createTime()), after.get().id().value()));
    }
    List<Job> rows =
        transactions
            .dsl()
            .selectFrom(JOBS)
            .where(where)
            .orderBy(JOBS.CREATED_AT.desc(), JOBS.ID.desc())
            .limit(limit + 1)
            .fetch()
            .map(JooqJobRepository::toJob);
    List<Job> page = rows.size() > limit ? rows.subList(0, limit) : rows;
    Optional<JobCursor> next =
        rows.size() > limit
            ? Optional.of(new JobCursor(page.getLast().createTime(), page.getLast().id()))
            : Optional.empty();
    return new Page<>(page, next, Optional.empty());
  }

  @Override
  public Optional<Job> claim(String owner, Duration ttl) {
    var claimable =
        DSL.select(JOBS.ID)
            .from(JOBS)
            .where(JOBS.STATE.in("pending", "running"))
            .and(
                JOBS.LEASE_HOLDER
                    .isNull()
                    .or(JOBS.LEASE_HOLDER.eq(owner))
                    .or(JOBS.LEASE_UNTIL.lt(DSL.currentOffsetDateTime())))
            .orderBy(JOBS.CREATED_AT, JOBS.ID)
            .limit(1)
            .forUpdate()
            .skipLocked();
    return transactions
        .dsl()
        .update(JOBS)
        .set(JOBS.LEASE_HOLDER, owner)
        .set(JOBS.LEASE_UNTIL, leaseEnd(ttl))
        .where(JOBS.ID.in(claimable))
        .returning()
        .fetchOptional()
        .map(JooqJobRepository::toJob);
  }

  @Override
  public boolean renew(JobId id, String owner, Duration ttl) {
    return transactions
            .dsl()
            .update(JOBS)
            .set(JOBS.LEASE_UNTIL, leaseEnd(ttl))
            .where(JOBS.ID.eq(id.value()))
            .and(JOBS.LEASE_HOLDER.eq(owner))
            .execute()
        == 1;
  }

  @Override
  public void release(JobId id, String owner) {
    transactions
        .dsl()
        .update(JOBS)
        .setNull(JOBS.LEASE_HOLDER)
        .setNull(JOBS.LEASE_UNTIL)
        .where(JOBS.ID.eq(id.value()))
        .and(JOBS.LEASE_HOLDER.eq(owner))
        .execute();
  }

  @Override
  public List<JobItem> items(JobId id, long fromIndex, int limit) {
    return transactions
        .dsl()
        .select(JOB_ITEMS.IDX, JOB_ITEMS.PAYLOAD, JOB_ITEMS.LABEL)
        .from(JOB_ITEMS)
        .where(JOB_ITEMS.JOB_ID.eq(id.value()))
        .and(JOB_ITEMS.IDX.ge(fromIndex))
        .orderBy(JOB_ITEMS.IDX)
        .limit(limit)
        .fetch(r -> new JobItem(r.value1(), r.value2(), r.value3()));
  }

  @Override
  public void recordResults(JobId id, List<JobItemResult> results) {
    if (results.isEmpty()) {
      return;
    }
    List<Row4<Long, String, String, String>> rows = new ArrayList<>(results.size());
    for (JobItemResult result : results) {
      rows.add(
          DSL.row(
              DSL.val(result.index(), SQLDataType.BIGINT),
              DSL.val(Columns.lower(result.outcome()), SQLDataType.VARCHAR),
              DSL.val(result.reason().map(Reason::wire).orElse(null), SQLDataType.VARCHAR),
              DSL.val(
                  result.message().map(JooqJobRepository::clip).orElse(null),
                  SQLDataType.VARCHAR)));
    }
    @SuppressWarnings("unchecked")
    var values =
        DSL.values(rows.toArray(new Row4[0])).as("v", "idx", "outcome", "reason", "message");
    Field<Long> idx = values.field("idx", Long.class);
    transactions
        .dsl()
        .update(JOB_ITEMS)
        .set(JOB_ITEMS.OUTCOME, values.field("outcome", String.class))
        .set(JOB_ITEMS.REASON, values.field("reason", String.class))
        .set(JOB_ITEMS.MESSAGE, values.field("message", String.class))
        .from(values)
        .where(JOB_ITEMS.JOB_ID.eq(id.value()))
        .and(JOB_ITEMS.IDX.eq(idx))
        .execute();
  }

  @Override
  public List<FailedJobItem> failures(JobId id, long afterIndex, int limit) {
    return transactions
        .dsl()
        .select(JOB_ITEMS.IDX, JOB_ITEMS.LABEL, JOB_ITEMS.REASON, JOB_ITEMS.MESSAGE)
        .from(JOB_ITEMS)
        .where(JOB_ITEMS.JOB_ID.eq(id.value()))
        .and(JOB_ITEMS.OUTCOME.eq("failed"))
        .and(JOB_ITEMS.IDX.gt(afterIndex))
        .orderBy(JOB_ITEMS.IDX)
        .limit(limit)
        .fetch(r ->
            new FailedJobItem(
                r.value1(),
                r.value2(),
                Reason.fromWire(r.value3()).orElse(Reason.INVALID_ARGUMENT),
                r.value4() == null ? "" : r.value4()));
  }

  @Override
  public long countRunning() {
    return transactions.dsl().fetchCount(JOBS, JOBS.STATE.eq("running"));
  }

  private static Field<OffsetDateTime> leaseEnd(Duration ttl) {
    return DSL.field(
        "now() + make_interval(secs => {0})",
        OffsetDateTime.class, DSL.val(ttl.toMillis() / 1000.0));
  }

  private static String clip(String message) {
    return message.length() <= 500 ? message : message.substring(0, 497) + "...";
  }

  private static JobsRecord toRecord(Job job) {
    JobsRecord r = new JobsRecord();
    r.setId(job.id().value());
    r.setOrganizationId(job.organizationId().value());
    r.setKind(job.kind().wireName());
    r.setState(Columns.lower(job.state()));
    r.setRequestId(job.requestId().value());
    r.setStartedBy(job.startedBy().value());
    r.setScopes(job.scopes().stream().map(Scope::wireName).sorted().toArray(String[]::new));
    r.setOptions(JSON.valueOf(job.returnToCarrier() ? RETURN_TO_CARRIER : NO_OPTIONS));
    r.setTotalItems(job.totalItems());
    r.setSucceededItems(job.counts().succeeded());
    r.setUnchangedItems(job.counts().unchanged());
    r.setFailedItems(job.counts().failed());
    r.setNextIndex(job.cursor());
    r.setCancelRequested(job.cancelRequested());
    r.setError(job.error().orElse(null));
    r.setCreatedAt(Columns.time(job.createTime()));
    r.setStartedAt(job.startTime().map(Columns::time).orElse(null));
    r.setUpdatedAt(Columns.time(job.updateTime()));
    r.setEndedAt(job.endTime().map(Columns::time).orElse(null));
    return r;
  }

  private static Job toJob(JobsRecord r) {
    return new Job(
        new JobId(r.getId()),
        new OrganizationId(r.getOrganizationId()),
        JobKind.fromWireName(r.getKind())
            .orElseThrow(() -> new IllegalStateException("unknown job kind " + r.getKind())),
        Columns.parse(JobState.class, r.getState()),
        new RequestId(r.getRequestId()),
        new ApiKeyId(r.getStartedBy()),
        Arrays.stream(r.getScopes())
            .map(Scope::fromWireName)
            .flatMap(Optional::stream)
            .collect(Collectors.toSet()),
        r.getOptions().data().contains("return_to_carrier"),
        r.getTotalItems(),
        new JobCounts(r.getSucceededItems(), r.getUnchangedItems(), r.getFailedItems()),
        r.getCancelRequested(),
        Optional.ofNullable(r.getError()),
        Columns.instant(r.getCreatedAt()),
        Optional.ofNullable(r.getStartedAt()).map(Columns::instant),
        Columns.instant(r.getUpdatedAt()),
        Optional.ofNullable(r.getEndedAt()).map(Columns::instant));
  }
}
