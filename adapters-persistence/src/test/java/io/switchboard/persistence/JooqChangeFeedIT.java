package io.switchboard.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.application.contract.ChangeFeedContract;
import io.switchboard.application.port.Ports;
import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.persistence.testing.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JooqChangeFeedIT extends ChangeFeedContract {
  @RegisterExtension static final TestDatabaseExtension database = new TestDatabaseExtension();
  private static Ports ports;

  @BeforeAll
  static void wire() {
    ports = JooqTestPorts.on(database.database());
  }

  @Override
  protected Ports ports() {
    return ports;
  }

  /**
   * Safety polls an hour apart: whatever a subscriber hears after its first poll came through
   * NOTIFY.
   */
  private static JooqChangeFeed notificationsOnly() {
    return new JooqChangeFeed(
        new JooqTransactions(database.dataSource(), Clock.systemUTC()),
        database.database()::openConnection,
        Duration.ofHours(1));
  }

  private static int terminateListeners() throws Exception {
    try (Connection c = database.database().openConnection();
        Statement s = c.createStatement();
        var rows =
            s.executeQuery(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND application_name = '"
                    + ChangeNotifications.APPLICATION_NAME
                    + "'")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  @Test
  void a_commit_is_announced_by_notify() throws Exception {
    OrganizationId org = newOrganization();
    AtomicLong heard = new AtomicLong(-1);
    try (AutoCloseable subscription =
        notificationsOnly().subscribe(r -> heard.accumulateAndGet(r, Math::max))) {
      await().atMost(Duration.ofSeconds(5)).until(() -> heard.get() >= 0);
      long before = ports.changeFeed().latestRevision();
      ports.transactions().run(() -> ports.changeFeed().append(event(org, "n", "+14155550001")));

      await()
          .atMost(Duration.ofSeconds(1))
          .until(() -> heard.get() > before && heard.get() == ports.changeFeed().latestRevision());
    }
  }

  @Test
  void a_subscription_reconnects_after_losing_its_connection_and_catches_up() throws Exception {
    OrganizationId org = newOrganization();
    AtomicLong heard = new AtomicLong(-1);
    try (AutoCloseable subscription =
        notificationsOnly().subscribe(r -> heard.accumulateAndGet(r, Math::max))) {
      await().atMost(Duration.ofSeconds(5)).until(() -> heard.get() >= 0);
      await().atMost(Duration.ofSeconds(5)).until(() -> terminateListeners() > 0);
      // appended while the subscriber is down: no NOTIFY reaches it, the poll on reconnecting does
      long before = ports.changeFeed().latestRevision();
      ports.transactions().run(() -> ports.changeFeed().append(event(org, "n", "+14155550001")));

      await().atMost(Duration.ofSeconds(10)).until(() -> heard.get() > before);
    }
  }

  @Test
  void an_event_its_writer_left_without_a_revision_is_numbered_by_any_replicas_subscription()
      throws Exception {
    OrganizationId org = newOrganization();
    long before = ports.changeFeed().latestRevision();
    // what a replica that died between its commit and the sequencing run leaves behind
    try (Connection c = database.database().openConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "INSERT INTO change_events (organization_id, resource_type, resource_id, action, changes,"
              + " source_api, occurred_at) VALUES ('"
              + org.value()
              + "', 'phone_number', 'orphan', 'updated', '[]',"
              + " 'system', now())");
    }
    assertThat(ports.changeFeed().after(org, 0, 10)).isEmpty();

    AtomicLong heard = new AtomicLong(-1);
    try (AutoCloseable subscription =
        notificationsOnly().subscribe(r -> heard.accumulateAndGet(r, Math::max))) {
      await().atMost(Duration.ofSeconds(5)).until(() -> heard.get() > before);
    }
    assertThat(ports.changeFeed().after(org, 0, 10))
        .singleElement()
        .satisfies(e -> assertThat(e.resourceId()).isEqualTo("orphan"))
        .satisfies(e -> assertThat(e.revision()).isEqualTo(before + 1));
  }

  /**
   * Two replicas (each its own feed, hence its own sequencer) take many concurrent write
   * transactions that hold their event uncommitted for a random while, some rolling back; a reader
   * polling the whole feed sees revisions one by one, never a gap, never one twice, and in the end
   * exactly the committed events; each writer was told the revision its event has (from its own
   * replica's run, or read back when the other replica's run numbered it).
   */
  @Test
  void revisions_appear_gapless_and_in_order_under_concurrent_writers_with_random_commit_delays()
      throws Exception {
    OrganizationId org = newOrganization();
    JooqTransactions transactionsB = new JooqTransactions(database.dataSource(), Clock.systemUTC());
    JooqChangeFeed feedB = new JooqChangeFeed(transactionsB, database.database()::openConnection);
    long start = ports.changeFeed().latestRevision();
    int writers = 12;
    int perWriter = 30;
    Set<String> committed = ConcurrentHashMap.newKeySet();
    Set<String> rolledBack = ConcurrentHashMap.newKeySet();
    Set<String> seen = ConcurrentHashMap.newKeySet();
    Map<String, Long> revisions = new ConcurrentHashMap<>();
    Map<String, Long> told = new ConcurrentHashMap<>();
    ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    AtomicBoolean reading = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
    try {
      Future<?> reader =
          pool.submit(() -> {
            long readUpTo = start;
            while (reading.get()) {
              for (ChangeEvent e : ports.changeFeed().after(readUpTo, 500)) {
                if (e.revision() != readUpTo + 1) {
                  violations.add("after " + readUpTo + " came " + e.revision());
                }
                readUpTo = e.revision();
                if (e.organizationId().equals(org)
                    && !seen.add(e.requestId().orElseThrow().value())) {
                  violations.add("seen twice: " + e.requestId());
                }
                if (e.organizationId().equals(org)) {
                  revisions.put(e.requestId().orElseThrow().value(), e.revision());
                }
              }
            }
            return null;
          });
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> results = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        boolean onB = w % 2 == 1;
        results.add(
            pool.submit(() -> {
              go.await();
              ThreadLocalRandom random = ThreadLocalRandom.current();
              for (int i = 0; i < perWriter; i++) {
                String id = UUID.randomUUID().toString();
                boolean rollBack = random.nextInt(5) == 0;
                long holdMillis = random.nextLong(0, 15);
                try {
                  (onB ? transactionsB : ports.transactions())
                      .run(() -> {
                        (onB ? feedB : ports.changeFeed())
                            .append(
                                withRequestId(event(org, "n", "+14155550001"), new RequestId(id)),
                                revision -> told.put(id, revision));
                        pause(holdMillis); // commits out of insertion order
                        if (rollBack) {
                          throw new IllegalStateException("rolled back");
                        }
                      });
                  committed.add(id);
                } catch (IllegalStateException expected) {
                  rolledBack.add(id);
                }
              }
              return null;
            }));
      }
      go.countDown();
      for (Future<?> r : results) {
        r.get(60, TimeUnit.SECONDS);
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= committed.size());
      reading.set(false);
      reader.get(10, TimeUnit.SECONDS);

      assertThat(violations).isEmpty();
      assertThat(rolledBack).isNotEmpty();
      assertThat(seen).isEqualTo(committed);
      assertThat(told).isNotEmpty();
      assertThat(committed).containsAll(told.keySet());
      told.forEach((id, revision) -> assertThat(revisions).containsEntry(id, revision));
      assertThat(ports.changeFeed().latestRevision()).isEqualTo(start + committed.size());
    } finally {
      pool.shutdownNow();
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
