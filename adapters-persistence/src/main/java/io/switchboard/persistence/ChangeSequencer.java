package io.switchboard.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
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
  private static final String SEQUENCE = "SELECT sequence_change_events(?, ?)";

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
    try {
      runOnce(dedicated);
    } catch (SQLException | RuntimeException e) {
      LOG.warn(
          "change events committed but not yet sequenced ({}); the next run will", e.toString());
    } finally {
      synchronized (lock) {
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
   * Numbers committed events in batches until none is left: one autocommit call of {@code
   * sequence_change_events} (migration V4) per batch, one round trip and one commit.
   */
  private void runOnce(boolean dedicated) throws SQLException {
    if (!dedicated) {
      while (transactions.dsl().fetchValue(SEQUENCE, BATCH, channel) instanceof Number n
          && n.longValue() >= BATCH) {
        // more were waiting: the next batch
      }
      return;
    }
    try {
      while (numberBatch() >= BATCH) {
        // more were waiting: the next batch
      }
    } catch (SQLException e) {
      closeQuietly(); // the next run opens a fresh one
      throw e;
    }
  }

  private long numberBatch() throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection = connections.open();
      try (Statement s = connection.createStatement()) {
        s.execute("SET application_name = '" + APPLICATION_NAME + "'");
      }
    }
    try (PreparedStatement call = connection.prepareStatement(SEQUENCE)) {
      call.setQueryTimeout(RUN_TIMEOUT_SECONDS);
      call.setInt(1, BATCH);
      call.setString(2, channel);
      try (ResultSet row = call.executeQuery()) {
        return row.next() ? row.getLong(1) : 0;
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
