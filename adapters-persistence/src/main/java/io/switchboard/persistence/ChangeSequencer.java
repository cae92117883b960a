package io.switchboard.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives committed change events their revisions. Writers insert events without one and, once
 * committed, call {@link #sequenceCommitted}; one run numbers every committed event still without a
 * revision, so concurrent writers share runs the way PostgreSQL shares a WAL flush among concurrent
 * commits (one thread leads a run, the others wait for it).
 *
 * <p>Why revisions stay gapless and visible in order: a run first locks {@code revision_counter}'s
 * row, so runs (of every replica) are serialized, and a run's numbering statement starts after the
 * previous run committed, so it sees every event committed until then. It numbers them from the
 * counter up, advances the counter and commits, all at once: readers see revisions 1..head and
 * nothing beyond. An event that commits while a run is numbering is left for the next run, which
 * numbers it higher.
 */
final class ChangeSequencer {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeSequencer.class);
  static final int BATCH = 10_000;

  /**
   * How long a writer waits, after its commit, for its event to get a revision before answering
   * anyway.
   */
  private static final Duration MAX_WAIT = Duration.ofSeconds(1);

  /**
   * A run never waits longer than this for the database; the database side gives up on the lock
   * after 5 s too.
   */
  private static final int RUN_TIMEOUT_SECONDS = 10;

  static final String APPLICATION_NAME = "switchboard-change-sequencer";
  private static final String SEQUENCE =
      "SELECT base, ids FROM sequence_change_events_numbered(?, ?)";

  /**
   * How many of the latest runs' numberings are kept for their writers to take, and at most how
   * many ids: a writer normally takes its own right after the run it waited for; one that comes
   * later (or whose event another replica numbered) reads its revision instead.
   */
  private static final int KEPT_RUNS = 16;

  private static final int KEPT_IDS = 65_536;

  /** What recent runs gave: event id to revision, in the order the runs numbered them. */
  private final LinkedHashMap<Long, Numbered> numbered = new LinkedHashMap<>();

  private record Numbered(long revision, long run) {}

  private final JooqChangeFeed.NotificationConnections connections;
  private final String channel;
  private final Object lock = new Object();
  private boolean running;
  private long runsStarted;
  private long runsFinished;
  private final JooqTransactions transactions;

  /**
   * Open subscriptions: while there is one the process is a running replica, and runs use their own
   * connection.
   */
  private int subscriptions;

  /**
   * Used only by the thread leading a run (one at a time), so runs never queue behind writers for a
   * pooled connection; opened while a subscription is open, closed with the last one. Without one,
   * runs use the pool.
   */
  private Connection connection;

  ChangeSequencer(
      JooqTransactions transactions,
      JooqChangeFeed.NotificationConnections connections,
      String channel) {
    this.transactions = transactions;
    this.connections = connections;
    this.channel = channel;
  }

  void subscriptionOpened() {
    synchronized (lock) {
      subscriptions++;
    }
  }

  void subscriptionClosed() {
    Connection unused;
    synchronized (lock) {
      subscriptions--;
      if (subscriptions > 0 || running) {
        return; // a leader closes it after its run
      }
      unused = connection;
      connection = null;
    }
    close(unused);
  }

  /**
   * Returns once a run that started after this call has finished, so everything the caller
   * committed before has a revision, unless that takes longer than {@link #MAX_WAIT} or the run
   * failed: then the events stay without one until the next run (every subscription of every
   * replica polls for them). Never throws: the caller's change is committed either way.
   */
  void sequenceCommitted() {
    // a writer with a deadline waits no longer than its after-commit share of it
    Duration wait =
        transactions
            .afterCommitTimeLeft()
            .filter(left -> left.compareTo(MAX_WAIT) < 0)
            .orElse(MAX_WAIT);
    long deadline = System.nanoTime() + wait.toNanos();
    long run;
    boolean dedicated;
    synchronized (lock) {
      long needed =
          runsStarted
              + 1; // a run already going may have taken its snapshot before the caller's commit
      while (true) {
        if (runsFinished >= needed) {
          return;
        }
        if (!running) {
          running = true;
          run = ++runsStarted;
          dedicated = subscriptions > 0;
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
    Connection unused = null;
    List<Batch> batches = new ArrayList<>(1);
    try {
      runOnce(dedicated, batches);
    } catch (SQLException | RuntimeException e) {
      LOG.warn(
          "change events committed but not yet sequenced ({}); the next run will", e.toString());
    } finally {
      synchronized (lock) {
        keep(batches, run);
        running = false;
        runsFinished = run;
        if (subscriptions == 0) { // the last subscription closed during the run
          unused = connection;
          connection = null;
        }
        lock.notifyAll();
      }
    }
    close(unused);
  }

  /**
   * The revisions recent runs of this process gave to these events, taken (each is told once); an
   * event missing from the answer was numbered by another replica's run or too long ago.
   */
  Map<Long, Long> takeRevisions(List<Long> ids) {
    Map<Long, Long> revisions = new HashMap<>();
    synchronized (lock) {
      for (Long id : ids) {
        Numbered n = numbered.remove(id);
        if (n != null) {
          revisions.put(id, n.revision());
        }
      }
    }
    return revisions;
  }

  /** Under {@link #lock}. */
  private void keep(List<Batch> batches, long run) {
    for (Batch batch : batches) {
      for (int i = 0; i < batch.ids().length; i++) {
        numbered.put(batch.ids()[i], new Numbered(batch.base() + i + 1, run));
      }
    }
    var oldest = numbered.values().iterator();
    while (oldest.hasNext()) {
      Numbered n = oldest.next();
      if (numbered.size() <= KEPT_IDS && n.run() > run - KEPT_RUNS) {
        break;
      }
      oldest.remove();
    }
  }

  /** One call's numbering: the i-th id (from 0) got revision {@code base + i + 1}. */
  private record Batch(long base, Long[] ids) {}

  /**
   * Numbers committed events in batches until none is left: one autocommit call of {@code
   * sequence_change_events_numbered} (migration V10) per batch, one round trip and one commit.
   */
  private void runOnce(boolean dedicated, List<Batch> batches) throws SQLException {
    if (!dedicated) {
      while (transactions.dsl().connectionResult(this::numberBatch) instanceof Batch b) {
        batches.add(b);
        if (b.ids().length < BATCH) {
          return;
        }
      }
      return;
    }
    try {
      if (connection == null || connection.isClosed()) {
        connection = connections.open();
        try (Statement s = connection.createStatement()) {
          s.execute("SET application_name = '" + APPLICATION_NAME + "'");
        }
      }
      while (true) {
        Batch b = numberBatch(connection);
        batches.add(b);
        if (b.ids().length < BATCH) {
          return; // else more were waiting: the next batch
        }
      }
    } catch (SQLException e) {
      closeQuietly(); // the next run opens a fresh one
      throw e;
    }
  }

  private Batch numberBatch(Connection on) throws SQLException {
    try (PreparedStatement call = on.prepareStatement(SEQUENCE)) {
      call.setQueryTimeout(RUN_TIMEOUT_SECONDS);
      call.setInt(1, BATCH);
      call.setString(2, channel);
      try (ResultSet row = call.executeQuery()) {
        row.next();
        return new Batch(row.getLong(1), (Long[]) row.getArray(2).getArray());
      }
    }
  }

  /** Only while leading a run. */
  private void closeQuietly() {
    Connection c = connection;
    connection = null;
    close(c);
  }

  private static void close(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // it is being dropped anyway
      }
    }
  }
}
