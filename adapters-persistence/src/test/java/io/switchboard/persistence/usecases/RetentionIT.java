package io.switchboard.persistence.usecases;

import static io.switchboard.persistence.usecases.UseCaseSupport.setLabel;
import static io.switchboard.persistence.usecases.UseCaseSupport.usNumber;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.application.maintenance.RetentionService;
import io.switchboard.application.maintenance.RetentionUseCase;
import io.switchboard.application.port.Ports;
import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.error.OutOfRangeException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.org.Scope;
import io.switchboard.persistence.JooqChangeFeed;
import io.switchboard.persistence.JooqPorts;
import io.switchboard.persistence.crypto.AesGcmSecretCipher;
import io.switchboard.persistence.testing.TestApplication;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 7: the retention purge removes expired idempotency records and change events past
 * their retention, in batches, and only ever a prefix of the change log; a watcher resuming from a
 * purged revision is told OUT_OF_RANGE with the oldest revision still available instead of silently
 * missing events.
 */
class RetentionIT {
  private static final Duration RETENTION = Duration.ofDays(90);
  static TestApplication app;
  static RetentionUseCase retention;

  @BeforeAll
  static void start() {
    app = TestApplication.start(RetentionIT.class);
    var db = app.database();
    Ports ports =
        JooqPorts.create(
            db.dataSource(),
            app.clock(),
            JooqChangeFeed.NotificationConnections.of(db.jdbcUrl(), db.user(), db.password()),
            new AesGcmSecretCipher("unused", new byte[32]));
    retention =
        new RetentionService(
            ports.idempotency(),
            ports.changeFeed(),
            ports.webhookEndpoints(),
            ports.transactions(),
            app.clock(),
            RETENTION);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void expired_idempotency_records_are_purged_in_batches_and_live_ones_kept() throws Exception {
    var acme = app.tenant("purge-idem");
    int expired = RetentionService.BATCH * 2 + 500;
    int live = 10;
    execute(
        "INSERT INTO idempotency_records (organization_id, key, fingerprint, response, created_at, expires_at) "
            + "SELECT '"
            + acme.id().value()
            + "', 'old-' || i, '\\x00', '\\x00', now() - interval '2 days', "
            + "now() - interval '1 day' FROM generate_series(1, "
            + expired
            + ") i");
    execute(
        "INSERT INTO idempotency_records (organization_id, key, fingerprint, response, created_at, expires_at) "
            + "SELECT '"
            + acme.id().value()
            + "', 'live-' || i, '\\x00', '\\x00', now(), now() + interval '1 day' "
            + "FROM generate_series(1, "
            + live
            + ") i");

    RetentionUseCase.Outcome outcome = retention.purge();

    assertThat(outcome.idempotencyRecords()).isEqualTo(expired);
    assertThat(count("SELECT count(*) FROM idempotency_records WHERE key LIKE 'old-%'")).isZero();
    assertThat(count("SELECT count(*) FROM idempotency_records WHERE key LIKE 'live-%'"))
        .isEqualTo(live);
    System.out.printf(
        "RELIABILITY retention-idempotency: %d expired records purged in batches of %d, %d live kept%n",
        outcome.idempotencyRecords(), RetentionService.BATCH, live);
  }

  @Test
  void old_change_events_are_purged_and_a_watcher_from_a_purged_revision_gets_out_of_range()
      throws Exception {
    var acme = app.tenant("purge-changes");
    var writer = acme.quickContext();
    var number = acme.buy(usNumber());
    for (int i = 0; i < 20; i++) {
      setLabel(app, writer, UseCaseSupport.ref(number), "label " + i);
    }
    long latest = count("SELECT max(revision) FROM change_events");
    // everything but the last 5 events is past its retention; one event in the middle of the old
    // part has a young
    // timestamp (a replica with a skewed clock), so the purge stops before it rather than leave a
    // hole
    long young = latest - 12;
    execute(
        "UPDATE change_events SET occurred_at = now() - interval '91 days' WHERE revision <= "
            + (latest - 5));
    execute("UPDATE change_events SET occurred_at = now() WHERE revision = " + young);

    RetentionUseCase.Outcome outcome = retention.purge();

    assertThat(count("SELECT min(revision) FROM change_events")).isEqualTo(young);
    assertThat(outcome.changeEvents()).isEqualTo(young - 1);
    // a second run with the young event aged too removes up to the last 5
    execute(
        "UPDATE change_events SET occurred_at = now() - interval '91 days' WHERE revision = "
            + young);
    int second = retention.purge().changeEvents();
    long oldest = count("SELECT min(revision) FROM change_events");
    assertThat(oldest).isEqualTo(latest - 4);

    var watcher = acme.quickContext(Scope.NUMBERS_READ);
    var router = acme.quickContext(Scope.ROUTING);
    for (var ctx : List.of(watcher, router)) {
      assertThatThrownBy(() -> app.useCases().watchChanges().next(ctx, 0, 100, Duration.ZERO))
          .isInstanceOfSatisfying(
              OutOfRangeException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(Reason.REVISION_PURGED);
                assertThat(e.metadata()).containsEntry("oldest_revision", Long.toString(oldest));
              });
      assertThatThrownBy(
              () -> app.useCases().watchChanges().next(ctx, oldest - 2, 100, Duration.ZERO))
          .isInstanceOf(OutOfRangeException.class);
    }
    // from the revision just before the oldest kept one, nothing is missing
    List<ChangeEvent> rest =
        app.useCases().watchChanges().next(router, oldest - 1, 100, Duration.ZERO);
    assertThat(rest).extracting(ChangeEvent::revision).startsWith(oldest).endsWith(latest);
    System.out.printf(
        "RELIABILITY retention-changes: %d + %d change events older than %d days purged (a prefix of "
            + "the log only); WatchChanges from revision 0 and %d: OUT_OF_RANGE with oldest_revision %d; from %d: %d "
            + "events, none missing%n",
        outcome.changeEvents(),
        second,
        RETENTION.toDays(),
        oldest - 2,
        oldest,
        oldest - 1,
        rest.size());
  }

  private static void execute(String sql) throws Exception {
    try (Connection c = app.database().openConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static long count(String sql) throws Exception {
    try (Connection c = app.database().openConnection();
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
