package io.switchboard.persistence;

import static io.switchboard.persistence.jooq.Tables.CHANGE_EVENTS;
import static io.switchboard.persistence.jooq.Tables.REVISION_COUNTER;

import io.switchboard.application.port.ChangeFeed;
import io.switchboard.application.port.query.ChangeFilter;
import io.switchboard.application.port.query.ChangeQuery;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.change.SourceApi;
import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.persistence.jooq.tables.records.ChangeEventsRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.jooq.Condition;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.SelectLimitPercentStep;
import org.jooq.impl.DSL;

/**
 * The change log in PostgreSQL. {@link #append} inserts the event without a revision and takes no
 * shared lock, so writers of different rows commit in parallel; once the writer has committed, a
 * {@link ChangeSequencer} run gives the committed events their revisions, gapless and in order, and
 * NOTIFYs {@value #CHANNEL} with the new head. The writer waits for that run (shared with its
 * concurrent writers) before answering, so an acknowledged change is normally already in the feed;
 * if the run fails, every subscription's poll for events without a revision (every {@link
 * #PENDING_POLL}, on any replica) numbers them. Readers see only events with a revision.
 */
public final class JooqChangeFeed implements ChangeFeed {
  public static final String CHANNEL = "switchboard_changes";

  /**
   * Rows per round trip of an audit export's cursor: small enough to hold, large enough to stream.
   */
  static final int SCAN_FETCH_SIZE = 500;

  static final Duration SAFETY_POLL = Duration.ofMillis(500);

  /**
   * How often each subscription looks for committed events that are still without a revision (a
   * writer died).
   */
  static final Duration PENDING_POLL = Duration.ofMillis(100);

  private final JooqTransactions transactions;
  private final NotificationConnections connections;
  private final Duration safetyPoll;
  private final ChangeSequencer sequencer;
  private final Runnable sequenceCommitted;
  private final List<Listener> ownCommitListeners = new CopyOnWriteArrayList<>();

  /**
   * Where subscriptions open their own connection (LISTEN needs one that is not returned to a
   * pool), and the sequencer its own while a subscription is open (so its runs never queue behind
   * writers for a pooled one).
   */
  @FunctionalInterface
  public interface NotificationConnections {
    java.sql.Connection open() throws java.sql.SQLException;

    static NotificationConnections of(String jdbcUrl, String user, String password) {
      return () -> java.sql.DriverManager.getConnection(jdbcUrl, user, password);
    }

    /**
     * The password is asked for on every connection, so one kept in a file can rotate without a
     * restart.
     */
    static NotificationConnections of(
        String jdbcUrl, String user, java.util.function.Supplier<String> password) {
      return () -> java.sql.DriverManager.getConnection(jdbcUrl, user, password.get());
    }
  }

  public JooqChangeFeed(JooqTransactions transactions, NotificationConnections connections) {
    this(transactions, connections, SAFETY_POLL);
  }

  /**
   * {@code safetyPoll}: how often subscribers are told the latest revision even without a
   * notification.
   */
  JooqChangeFeed(
      JooqTransactions transactions, NotificationConnections connections, Duration safetyPoll) {
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.connections = Objects.requireNonNull(connections, "connections");
    this.safetyPoll = Objects.requireNonNull(safetyPoll, "safetyPoll");
    this.sequencer = new ChangeSequencer(transactions, connections, CHANNEL);
    this.sequenceCommitted =
        sequencer::sequenceCommitted; // one instance: registered once per transaction
  }

  @Override
  public void append(ChangeEvent event) {
    append(event, null);
  }

  @Override
  public void append(ChangeEvent event, LongConsumer onRevision) {
    long id =
        transactions
            .dsl()
            .insertInto(CHANGE_EVENTS)
            .set(toRecord(event))
            .returning(CHANGE_EVENTS.ID)
            .fetchSingle()
            .getId();
    appended(id, onRevision);
  }

  /**
   * Takes over an event another statement of the current transaction inserted (a repository that
   * writes a mutation and its event in one statement): numbers it after the commit and tells {@code
   * onRevision} (may be null) its revision, as {@link #append(ChangeEvent, LongConsumer)} does.
   */
  void appended(long id, LongConsumer onRevision) {
    transactions.afterCommit(sequenceCommitted);
    Committed committed = transactions.afterCommitOnce(Committed.class, () -> new Committed(this));
    if (committed
        == null) { // autocommit: the event is committed already, and sequenced by the call above
      committed = new Committed(this);
      committed.add(id, onRevision);
      committed.run();
    } else {
      committed.add(id, onRevision);
    }
  }

  @Override
  public AutoCloseable onOwnCommits(Listener listener) {
    Objects.requireNonNull(listener, "listener");
    ownCommitListeners.add(listener);
    return () -> ownCommitListeners.remove(listener);
  }

  /**
   * The events one transaction appended. Runs after the transaction's sequencer run (registered
   * before it): reads the revisions they got, tells each event's writer its revision and this
   * process's own-commit listeners the highest, so all of that happens before the writer answers.
   */
  private static final class Committed implements Runnable {
    private final JooqChangeFeed feed;
    private final List<Long> ids = new ArrayList<>(2);
    private final List<LongConsumer> callbacks = new ArrayList<>(2);

    Committed(JooqChangeFeed feed) {
      this.feed = feed;
    }

    void add(long id, LongConsumer onRevision) {
      ids.add(id);
      callbacks.add(onRevision);
    }

    @Override
    public void run() {
      Map<Long, Long> revisions = feed.revisionsOf(ids);
      if (revisions.size() < ids.size()) {
        // The shared run failed or took too long: one more try, so the writer can still answer with
        // its revision.
        feed.sequencer.sequenceCommitted();
        revisions.putAll(feed.revisionsOf(ids));
      }
      long highest = 0;
      for (int i = 0; i < ids.size(); i++) {
        Long revision = revisions.get(ids.get(i));
        if (revision == null) {
          continue; // numbered later by a subscription's poll; this writer answers without it
        }
        highest = Math.max(highest, revision);
        if (callbacks.get(i) != null) {
          callbacks.get(i).accept(revision);
        }
      }
      if (highest > 0) {
        for (Listener listener : feed.ownCommitListeners) {
          listener.changed(highest);
        }
      }
    }
  }

  /**
   * What the sequencer's run told, and for the events it did not number (another replica's run did,
   * or it was kept too short a time), what the database says.
   */
  private Map<Long, Long> revisionsOf(List<Long> ids) {
    Map<Long, Long> revisions = sequencer.takeRevisions(ids);
    if (revisions.size() == ids.size()) {
      return revisions;
    }
    transactions
        .dsl()
        .select(CHANGE_EVENTS.ID, CHANGE_EVENTS.REVISION)
        .from(CHANGE_EVENTS)
        .where(CHANGE_EVENTS.ID.in(ids).and(CHANGE_EVENTS.REVISION.isNotNull()))
        .forEach(r -> revisions.put(r.value1(), r.value2()));
    return revisions;
  }

  @Override
  public List<ChangeEvent> after(long afterRevision, int limit) {
    return after(DSL.noCondition(), afterRevision, limit);
  }

  @Override
  public List<ChangeEvent> after(OrganizationId organizationId, long afterRevision, int limit) {
    return after(CHANGE_EVENTS.ORGANIZATION_ID.eq(organizationId.value()), afterRevision, limit);
  }

  private List<ChangeEvent> after(Condition scope, long afterRevision, int limit) {
    if (limit < 1) {
      return List.of();
    }
    return transactions
        .dsl()
        .selectFrom(CHANGE_EVENTS)
        .where(scope.and(CHANGE_EVENTS.REVISION.gt(afterRevision)))
        .orderBy(CHANGE_EVENTS.REVISION)
        .limit(limit)
        .fetch(JooqChangeFeed::toEvent);
  }

  @Override
  public List<ChangeEvent> history(OrganizationId organizationId, ChangeQuery query) {
    Condition where =
        CHANGE_EVENTS
            .ORGANIZATION_ID
            .eq(organizationId.value())
            .and(CHANGE_EVENTS.REVISION.isNotNull())
            .and(
                switch (query.subject()) {
                  case ChangeQuery.Resource resource ->
                      CHANGE_EVENTS
                          .RESOURCE_TYPE
                          .eq(Columns.lower(resource.type()))
                          .and(CHANGE_EVENTS.RESOURCE_ID.eq(resource.id()));
                  case ChangeQuery.Number number ->
                      CHANGE_EVENTS
                          .NUMBER
                          .eq(number.e164())
                          .and(CHANGE_EVENTS.OCCURRED_AT.ge(Columns.time(number.since())));
                });
    if (query.beforeRevision().isPresent()) {
      where = where.and(CHANGE_EVENTS.REVISION.lt(query.beforeRevision().get()));
    }
    return transactions
        .dsl()
        .selectFrom(CHANGE_EVENTS)
        .where(where)
        .orderBy(CHANGE_EVENTS.REVISION.desc())
        .limit(query.pageSize())
        .fetch(JooqChangeFeed::toEvent);
  }

  @Override
  public List<ChangeEvent> search(
      OrganizationId organizationId,
      ChangeFilter filter,
      Optional<Long> beforeRevision,
      int limit) {
    if (limit < 1) {
      return List.of();
    }
    return searchQuery(organizationId, filter, beforeRevision, limit)
        .fetch(JooqChangeFeed::toEvent);
  }

  /** The query of {@link #search}, for tests that check its plan. */
  SelectLimitPercentStep<ChangeEventsRecord> searchQuery(
      OrganizationId organizationId,
      ChangeFilter filter,
      Optional<Long> beforeRevision,
      int limit) {
    Condition where = matching(organizationId, filter);
    if (beforeRevision.isPresent()) {
      where = where.and(CHANGE_EVENTS.REVISION.lt(beforeRevision.get()));
    }
    return transactions
        .dsl()
        .selectFrom(CHANGE_EVENTS)
        .where(where)
        .orderBy(CHANGE_EVENTS.REVISION.desc())
        .limit(limit);
  }

  /**
   * Reads through a server-side cursor, {@value #SCAN_FETCH_SIZE} rows a round trip: the driver
   * does that only inside a transaction, and would read the whole result into memory in autocommit,
   * so a scan outside one is refused.
   */
  @Override
  public void scan(OrganizationId organizationId, ChangeFilter filter, Consumer<ChangeEvent> sink) {
    DSLContext dsl = transactions.dsl();
    if (Boolean.TRUE.equals(dsl.connectionResult(java.sql.Connection::getAutoCommit))) {
      throw new IllegalStateException(
          "scan needs a transaction: in autocommit the driver reads the whole result into memory");
    }
    try (Cursor<ChangeEventsRecord> rows =
        dsl.selectFrom(CHANGE_EVENTS)
            .where(matching(organizationId, filter))
            .orderBy(CHANGE_EVENTS.REVISION)
            .fetchSize(SCAN_FETCH_SIZE)
            .fetchLazy()) {
      for (ChangeEventsRecord row : rows) {
        sink.accept(toEvent(row));
      }
    }
  }

  private static Condition matching(OrganizationId organizationId, ChangeFilter filter) {
    List<Condition> conditions = new ArrayList<>();
    conditions.add(CHANGE_EVENTS.ORGANIZATION_ID.eq(organizationId.value()));
    conditions.add(CHANGE_EVENTS.REVISION.isNotNull());
    filter.from().ifPresent(t -> conditions.add(CHANGE_EVENTS.OCCURRED_AT.ge(Columns.time(t))));
    filter.to().ifPresent(t -> conditions.add(CHANGE_EVENTS.OCCURRED_AT.lt(Columns.time(t))));
    filter
        .resourceType()
        .ifPresent(t -> conditions.add(CHANGE_EVENTS.RESOURCE_TYPE.eq(Columns.lower(t))));
    filter.resourceId().ifPresent(id -> conditions.add(CHANGE_EVENTS.RESOURCE_ID.eq(id)));
    filter.number().ifPresent(n -> conditions.add(CHANGE_EVENTS.NUMBER.eq(n.value())));
    filter.actor().ifPresent(a -> conditions.add(CHANGE_EVENTS.ACTOR_KEY_ID.eq(a.toString())));
    filter.action().ifPresent(a -> conditions.add(CHANGE_EVENTS.ACTION.eq(Columns.lower(a))));
    filter.sourceApi().ifPresent(s -> conditions.add(CHANGE_EVENTS.SOURCE_API.eq(s.wireName())));
    return DSL.and(conditions);
  }

  /**
   * The sequencer advances the counter in the transaction that hands out the revisions: it is the
   * latest one.
   */
  @Override
  public long latestRevision() {
    return transactions
        .dsl()
        .select(REVISION_COUNTER.VALUE)
        .from(REVISION_COUNTER)
        .fetchSingle()
        .value1();
  }

  @Override
  public long oldestRevision() {
    return transactions
        .dsl()
        .fetchSingle(
            "SELECT coalesce((SELECT min(revision) FROM change_events),"
                + " (SELECT value FROM revision_counter) + 1)")
        .into(Long.class);
  }

  /**
   * Takes the next {@code batchSize} events by revision and deletes those before the first one that
   * is still young: by revision, not by time, because events from replicas with skewed clocks need
   * not be in time order, and a hole in the middle of the log would be a silent gap for a watcher.
   */
  @Override
  public int purgeOccurredBefore(java.time.Instant cutoff, long throughRevision, int batchSize) {
    return transactions
        .dsl()
        .execute(
            """
            WITH batch AS (
              SELECT id, revision, occurred_at FROM change_events WHERE revision IS NOT NULL ORDER BY revision LIMIT ?),
            young AS (SELECT min(revision) AS revision FROM batch WHERE occurred_at >= CAST(? AS timestamptz))
            DELETE FROM change_events c USING batch b
            WHERE c.id = b.id AND b.revision < coalesce((SELECT revision FROM young), 9223372036854775807)
              AND b.revision <= ?\
            """,
            batchSize,
            Columns.time(cutoff),
            throughRevision);
  }

  @Override
  public Optional<OrganizationId> organizationOf(long revision) {
    return transactions
        .dsl()
        .select(CHANGE_EVENTS.ORGANIZATION_ID)
        .from(CHANGE_EVENTS)
        .where(CHANGE_EVENTS.REVISION.eq(revision))
        .fetchOptional(r -> new OrganizationId(r.value1()));
  }

  @Override
  public AutoCloseable subscribe(Listener listener) {
    sequencer.subscriptionOpened();
    ChangeNotifications notifications;
    try {
      notifications =
          ChangeNotifications.start(
              connections, CHANNEL, safetyPoll, PENDING_POLL, sequenceCommitted, listener);
    } catch (RuntimeException | Error e) {
      sequencer.subscriptionClosed();
      throw e;
    }
    AtomicBoolean closed = new AtomicBoolean();
    return () -> {
      try {
        notifications.close();
      } finally {
        if (closed.compareAndSet(false, true)) {
          sequencer.subscriptionClosed();
        }
      }
    };
  }

  static ChangeEventsRecord toRecord(ChangeEvent e) {
    ChangeEventsRecord r = new ChangeEventsRecord();
    r.setOrganizationId(e.organizationId().value());
    r.setResourceType(Columns.lower(e.resourceType()));
    r.setResourceId(e.resourceId());
    r.setNumber(e.number().orElse(null));
    r.setAction(Columns.lower(e.action()));
    r.setChanges(Columns.changes(e.changes()));
    r.setActorKeyId(e.actorKeyId().orElse(null));
    r.setRequestId(e.requestId().map(RequestId::value).orElse(null));
    r.setSourceApi(e.sourceApi().wireName());
    r.setOccurredAt(Columns.time(e.occurredAt()));
    return r;
  }

  private static ChangeEvent toEvent(ChangeEventsRecord r) {
    return new ChangeEvent(
        r.getRevision(),
        new OrganizationId(r.getOrganizationId()),
        Columns.parse(ResourceType.class, r.getResourceType()),
        r.getResourceId(),
        Optional.ofNullable(r.getNumber()),
        Columns.parse(ChangeAction.class, r.getAction()),
        Columns.changes(r.getChanges()),
        Optional.ofNullable(r.getActorKeyId()),
        Optional.ofNullable(r.getRequestId()).map(RequestId::new),
        SourceApi.fromWireName(r.getSourceApi()),
        Columns.instant(r.getOccurredAt()));
  }
}
