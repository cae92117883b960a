package io.switchboard.persistence;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscription to the change feed: a daemon thread that LISTENs on a dedicated connection,
 * tells the listener about each NOTIFY, and every {@code safetyPoll} also reports the latest
 * committed revision, so a notification lost while reconnecting only delays a listener. Every
 * {@code pendingPoll} it also looks for committed events still without a revision (their writer
 * died, or its sequencing run failed) and has them numbered, so no replica's failure strands
 * events. Reconnects with capped, jittered backoff.
 */
final class ChangeNotifications implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeNotifications.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
  private static final AtomicInteger THREADS = new AtomicInteger();
  static final String APPLICATION_NAME = "switchboard-change-listener";

  private final JooqChangeFeed.NotificationConnections connections;
  private final String channel;
  private final Duration safetyPoll;
  private final Duration pendingPoll;
  private final Runnable sequencePending;
  private final io.switchboard.application.port.ChangeFeed.Listener listener;
  private final Thread thread;
  private volatile boolean closed;
  private volatile Connection connection;

  private ChangeNotifications(
      JooqChangeFeed.NotificationConnections connections,
      String channel,
      Duration safetyPoll,
      Duration pendingPoll,
      Runnable sequencePending,
      io.switchboard.application.port.ChangeFeed.Listener listener) {
    this.connections = connections;
    this.channel = channel;
    this.safetyPoll = safetyPoll;
    this.pendingPoll = pendingPoll;
    this.sequencePending = sequencePending;
    this.listener = listener;
    this.thread = new Thread(this::run, "change-feed-listener-" + THREADS.incrementAndGet());
    this.thread.setDaemon(true);
  }

  static ChangeNotifications start(
      JooqChangeFeed.NotificationConnections connections,
      String channel,
      Duration safetyPoll,
      Duration pendingPoll,
      Runnable sequencePending,
      io.switchboard.application.port.ChangeFeed.Listener listener) {
    var subscription =
        new ChangeNotifications(
            connections, channel, safetyPoll, pendingPoll, sequencePending, listener);
    subscription.thread.start();
    return subscription;
  }

  private void run() {
    long backoffMillis = 100;
    while (!closed) {
      try (Connection c = connections.open()) {
        connection = c;
        try (Statement statement = c.createStatement()) {
          statement.execute(
              "SET application_name = '" + APPLICATION_NAME + "'"); // lets operators spot it
          statement.execute("LISTEN " + channel);
        }
        backoffMillis = 100;
        listen(c);
      } catch (SQLException | RuntimeException e) {
        if (closed) {
          return;
        }
        LOG.warn(
            "change feed subscription lost its connection ({}); reconnecting in {} ms",
            e.toString(),
            backoffMillis);
        sleep(ThreadLocalRandom.current().nextLong(backoffMillis / 2, backoffMillis + 1));
        backoffMillis = Math.min(MAX_BACKOFF.toMillis(), backoffMillis * 2);
      } finally {
        connection = null;
      }
    }
  }

  private void listen(Connection c) throws SQLException {
    PGConnection pg = c.unwrap(PGConnection.class);
    // whatever committed before LISTEN took effect is reported by the first safety poll, right away
    long nextPoll = 0;
    long nextPendingPoll =
        0; // at once too: events left without a revision by a replica that went away
    while (!closed) {
      long now = System.nanoTime();
      if (now - nextPendingPoll >= 0) {
        if (hasPending(c)) {
          sequencePending.run(); // its NOTIFY comes back to this loop
        }
        nextPendingPoll = now + pendingPoll.toNanos();
      }
      if (now - nextPoll >= 0) {
        deliver(latestRevision(c));
        nextPoll = now + safetyPoll.toNanos();
      }
      long nextWake = nextPoll - nextPendingPoll < 0 ? nextPoll : nextPendingPoll;
      int waitMillis = (int) Math.max(1, (nextWake - System.nanoTime()) / 1_000_000);
      PGNotification[] notifications = pg.getNotifications(waitMillis);
      if (notifications != null && notifications.length > 0) {
        long highest = 0;
        for (PGNotification n : notifications) {
          highest = Math.max(highest, parse(n.getParameter()));
        }
        deliver(highest); // coalesced: one call for everything that arrived together
      }
    }
  }

  private static boolean hasPending(Connection c) throws SQLException {
    try (Statement statement = c.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT EXISTS (SELECT 1 FROM change_events WHERE revision IS NULL)")) {
      return row.next() && row.getBoolean(1);
    }
  }

  private static long latestRevision(Connection c) throws SQLException {
    try (Statement statement = c.createStatement();
        ResultSet row = statement.executeQuery("SELECT value FROM revision_counter")) {
      return row.next() ? row.getLong(1) : 0;
    }
  }

  private void deliver(long revision) {
    try {
      listener.changed(revision);
    } catch (RuntimeException e) {
      LOG.warn("change feed listener failed on revision {}", revision, e);
    }
  }

  private static long parse(String payload) {
    try {
      return Long.parseLong(payload);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    Connection c = connection;
    if (c != null) {
      try {
        c.close(); // unblocks getNotifications at once
      } catch (SQLException ignored) {
        // closing anyway
      }
    }
    thread.interrupt();
    thread.join(Duration.ofSeconds(5).toMillis());
  }
}
