package io.switchboard.persistence;

import io.switchboard.application.port.Ports;
import io.switchboard.persistence.contract.ChangeFeedContract;
import io.switchboard.persistence.testing.TestDatabaseExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.org.OrganizationId;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JooqChangeFeedIT extends ChangeFeedContract {
  @RegisterExtension
  static final TestDatabaseExtension database = new TestDatabaseExtension();
  private static Ports ports;

  @BeforeAll
  static void wire() {
    ports = JooqTestPorts.on(database.database());
  }

  @Override
  protected Ports ports() {
    return ports;
  }

  /** Safety polls an hour apart: whatever a subscriber hears after its first poll came through NOTIFY. */
  private static JooqChangeFeed notificationsOnly() {
    return new JooqChangeFeed(new JooqTransactions(database.dataSource(), Clock.systemUTC()),
        database.database()::openConnection, Duration.ofHours(1));
  }

  private static int terminateListeners() throws Exception {
    try (Connection c = database.database().openConnection(); Statement s = c.createStatement();
        var rows = s.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            + " WHERE datname = current_database() AND application_name = '" + ChangeNotifications.APPLICATION_NAME + "'")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  @Test
  void a_commit_is_announced_by_notify() throws Exception {
    OrganizationId org = newOrganization();
    AtomicLong heard = new AtomicLong(-1);
    try (AutoCloseable subscription = notificationsOnly().subscribe(r -> heard.accumulateAndGet(r, Math::max))) {
      await().atMost(Duration.ofSeconds(5)).until(() -> heard.get() >= 0);
      ChangeEvent appended = ports.transactions().inTransaction(() ->
          ports.changeFeed().append(event(org, "n", "+14155550001")));

      await().atMost(Duration.ofSeconds(1)).until(() -> heard.get() == appended.revision());
    }
  }

  @Test
  void a_subscription_reconnects_after_losing_its_connection_and_catches_up() throws Exception {
    OrganizationId org = newOrganization();
    AtomicLong heard = new AtomicLong(-1);
    try (AutoCloseable subscription = notificationsOnly().subscribe(r -> heard.accumulateAndGet(r, Math::max))) {
      await().atMost(Duration.ofSeconds(5)).until(() -> heard.get() >= 0);
      await().atMost(Duration.ofSeconds(5)).until(() -> terminateListeners() > 0);
      // appended while the subscriber is down: no NOTIFY reaches it, the poll on reconnecting does
      ChangeEvent missed = ports.transactions().inTransaction(() ->
          ports.changeFeed().append(event(org, "n", "+14155550001")));

      await().atMost(Duration.ofSeconds(10)).until(() -> heard.get() >= missed.revision());
    }
  }
}
