package io.switchboard.persistence;

import java.time.Duration;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives committed change events their revisions. Writers insert events without one and, once committed, call
 * {@link #sequenceCommitted}; one run numbers every committed event still without a revision, so concurrent writers
 * share runs the way PostgreSQL shares a WAL flush among concurrent commits (one thread leads a run, the others wait
 * for it).
 *
 * <p>Why revisions stay gapless and visible in order: a run first locks {@code revision_counter}'s row, so runs (of
 * every replica) are serialized, and a run's numbering statement starts after the previous run committed, so it sees
 * every event committed until then. It numbers them from the counter up, advances the counter and commits, all at
 * once: readers see revisions 1..head and nothing beyond. An event that commits while a run is numbering is left
 * for the next run, which numbers it higher.
 */
final class ChangeSequencer {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeSequencer.class);
  static final int BATCH = 10_000;
  /** How long a writer waits, after its commit, for its event to get a revision before answering anyway. */
  private static final Duration MAX_WAIT = Duration.ofSeconds(1);
  /** A run never holds the counter longer than this (statement_timeout), whatever goes wrong. */
  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(5);

  private static final String SET_TIMEOUT = "SET LOCAL statement_timeout = " + RUN_TIMEOUT.toMillis();
  // the counter row lock is the mutex; the numbering statement therefore takes its snapshot after the previous run
  private static final String LOCK_COUNTER = "SELECT value FROM revision_counter FOR UPDATE";
  private static final String NUMBER_PENDING = """
      WITH pending AS (
        SELECT id, row_number() OVER (ORDER BY id) AS position
        FROM change_events WHERE revision IS NULL ORDER BY id LIMIT {0}),
      numbered AS (
        UPDATE change_events c SET revision = {1} + pending.position
        FROM pending WHERE c.id = pending.id
        RETURNING c.revision),
      advanced AS (
        UPDATE revision_counter SET value = {1} + (SELECT count(*) FROM numbered)
        WHERE EXISTS (SELECT 1 FROM numbered)
        RETURNING value)
      SELECT value, pg_notify({2}, value::text) FROM advanced""";

  private final JooqTransactions transactions;
  private final String channel;
  private final Object lock = new Object();
  private boolean running;
  private long runsStarted;
  private long runsFinished;

  ChangeSequencer(JooqTransactions transactions, String channel) {
    this.transactions = transactions;
    this.channel = channel;
  }

  /**
   * Returns once a run that started after this call has finished, so everything the caller committed before has a
   * revision, unless that takes longer than {@link #MAX_WAIT} or the run failed: then the events stay without one
   * until the next run (every subscription of every replica polls for them). Never throws: the caller's change is
   * committed either way.
   */
  void sequenceCommitted() {
    long deadline = System.nanoTime() + MAX_WAIT.toNanos();
    long run;
    synchronized (lock) {
      long needed = runsStarted + 1; // a run already going may have taken its snapshot before the caller's commit
      while (true) {
        if (runsFinished >= needed) {
          return;
        }
        if (!running) {
          running = true;
          run = ++runsStarted;
          break;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        try {
          lock.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    try {
      runOnce();
    } catch (RuntimeException e) {
      LOG.warn("change events committed but not yet sequenced ({}); the next run will", e.toString());
    } finally {
      synchronized (lock) {
        running = false;
        runsFinished = run;
        lock.notifyAll();
      }
    }
  }

  /** Numbers committed events in batches until none is left; each batch is its own transaction. */
  private void runOnce() {
    while (true) {
      long sequenced = transactions.inTransaction(this::numberBatch);
      if (sequenced < BATCH) {
        return;
      }
    }
  }

  private long numberBatch() {
    DSLContext dsl = transactions.dsl();
    dsl.execute(SET_TIMEOUT);
    long base = dsl.resultQuery(LOCK_COUNTER).fetchSingle().get(0, Long.class);
    Optional<Long> head = dsl.resultQuery(NUMBER_PENDING, DSL.val(BATCH), DSL.val(base), DSL.val(channel)).fetchOptional()
        .map(r -> r.get(0, Long.class));
    return head.map(h -> h - base).orElse(0L);
  }
}
