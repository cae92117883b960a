package io.switchboard.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.application.contract.Samples;
import io.switchboard.application.contract.TransactionsContract;
import io.switchboard.application.port.Ports;
import io.switchboard.domain.error.AlreadyExistsException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.error.UnavailableException;
import io.switchboard.domain.org.Organization;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.persistence.infra.DataSources;
import io.switchboard.persistence.testing.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The transaction contract on PostgreSQL, and what only the database shows: deadlines, retries,
 * sessions.
 */
class JooqTransactionsIT extends TransactionsContract {
  @RegisterExtension static final TestDatabaseExtension database = new TestDatabaseExtension();
  private static JooqTransactions transactions;
  private static JooqOrganizationRepository organizations;
  private static Ports ports;

  @BeforeAll
  static void wire() {
    transactions = new JooqTransactions(database.dataSource(), Clock.systemUTC());
    organizations = new JooqOrganizationRepository(transactions);
    ports = JooqTestPorts.on(database.database());
  }

  @Override
  protected Ports ports() {
    return ports;
  }

  private static long backendPid() {
    return transactions.dsl().fetchValue(DSL.field("pg_backend_pid()", Long.class));
  }

  @Test
  void a_deadline_cancels_the_running_statement_and_reports_deadline_exceeded() throws Exception {
    Instant deadline = Instant.now().plusMillis(300);
    long started = System.nanoTime();

    assertThatThrownBy(() ->
            transactions.inTransaction(
                Optional.of(deadline), () -> transactions.dsl().execute("SELECT pg_sleep(10)")))
        .isInstanceOfSatisfying(
            UnavailableException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.DEADLINE_EXCEEDED));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    try (Connection c = database.database().openConnection();
        Statement s = c.createStatement();
        ResultSet running =
            s.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'SELECT pg_sleep(10)%'")) {
      running.next();
      assertThat(running.getLong(1))
          .as("the server stopped the statement, not just the client")
          .isZero();
    }
  }

  @Test
  void the_deadline_does_not_outlive_its_transaction() {
    String before =
        transactions.inTransaction(() ->
            transactions
                .dsl()
                .fetchValue(DSL.field("current_setting('statement_timeout')", String.class)));
    transactions.inTransaction(
        Optional.of(Instant.now().plusSeconds(5)), () -> transactions.dsl().execute("SELECT 1"));

    String timeout =
        transactions.inTransaction(() ->
            transactions
                .dsl()
                .fetchValue(DSL.field("current_setting('statement_timeout')", String.class)));

    // the pool sets no session statement_timeout (a transaction-mode pooler could not keep one):
    // the server default
    assertThat(timeout).isEqualTo(before);
  }

  @Test
  void a_statement_past_the_ceiling_is_cancelled_without_any_session_setting() {
    long started = System.nanoTime();

    // no deadline and no session statement_timeout: only the JDBC query timeout can end it
    assertThatThrownBy(() ->
            transactions.inTransaction(() -> transactions.dsl().execute("SELECT pg_sleep(120)")))
        .isInstanceOf(UnavailableException.class);
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

    assertThat(seconds)
        .isBetween(
            DataSources.STATEMENT_TIMEOUT.toSeconds(),
            DataSources.STATEMENT_TIMEOUT.toSeconds() + 15);
  }

  @Test
  void a_nested_call_joins_the_running_transaction() {
    long[] pids =
        transactions.inTransaction(() -> {
          long outer = backendPid();
          long inner = transactions.inTransaction(JooqTransactionsIT::backendPid);
          long txOuter = transactions.dsl().fetchValue(DSL.field("txid_current()", Long.class));
          long txInner =
              transactions.inTransaction(
                  () -> transactions.dsl().fetchValue(DSL.field("txid_current()", Long.class)));
          return new long[] {outer, inner, txOuter, txInner};
        });

    assertThat(pids[1]).isEqualTo(pids[0]);
    assertThat(pids[3]).isEqualTo(pids[2]);
  }

  @Test
  void a_deadlock_is_retried_until_both_transactions_commit() throws Exception {
    Organization a = Samples.organization();
    Organization b = Samples.organization();
    organizations.insert(a);
    organizations.insert(b);
    AtomicInteger attempts = new AtomicInteger();
    CyclicBarrier bothLockedFirstRow = new CyclicBarrier(2);

    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      var forward = threads.submit(() -> lockBoth(a.id(), b.id(), attempts, bothLockedFirstRow));
      var backward = threads.submit(() -> lockBoth(b.id(), a.id(), attempts, bothLockedFirstRow));
      forward.get(30, TimeUnit.SECONDS);
      backward.get(30, TimeUnit.SECONDS);
    } finally {
      threads.shutdownNow();
    }
    assertThat(attempts.get()).as("one of them deadlocked and ran again").isGreaterThanOrEqualTo(3);
    assertThat(organizations.findById(a.id()).orElseThrow().purchaseLimit()).isEqualTo(12);
  }

  private static void lockBoth(
      OrganizationId first, OrganizationId second, AtomicInteger attempts, CyclicBarrier barrier) {
    transactions.run(() -> {
      int attempt = attempts.incrementAndGet();
      bump(first);
      if (attempt <= 2) {
        try {
          barrier.await(
              5, TimeUnit.SECONDS); // both hold their first row before reaching for the other's
        } catch (Exception e) {
          // the retry runs alone
        }
      }
      bump(second);
    });
  }

  private static void bump(OrganizationId id) {
    var o = io.switchboard.persistence.jooq.Tables.ORGANIZATIONS;
    transactions
        .dsl()
        .update(o)
        .set(o.PURCHASE_LIMIT, o.PURCHASE_LIMIT.plus(1))
        .where(o.ID.eq(id.value()))
        .execute();
  }

  @Test
  void a_serialization_failure_that_persists_becomes_unavailable_after_a_few_attempts() {
    AtomicInteger attempts = new AtomicInteger();

    assertThatThrownBy(() ->
            transactions.run(() -> {
              attempts.incrementAndGet();
              transactions
                  .dsl()
                  .execute(
                      "DO $$ BEGIN RAISE EXCEPTION 'simulated conflict' USING ERRCODE = 'serialization_failure'; END $$");
            }))
        .isInstanceOfSatisfying(
            UnavailableException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.DATABASE_UNAVAILABLE));

    assertThat(attempts).hasValue(JooqTransactions.MAX_ATTEMPTS);
  }

  @Test
  void a_unique_violation_becomes_already_exists_with_the_constraints_reason() {
    Organization organization = Samples.organization();
    organizations.insert(organization);

    assertThatThrownBy(() ->
            transactions.run(() ->
                organizations.insert(
                    new Organization(OrganizationId.random(), organization.name(), 1, Samples.T0))))
        .isInstanceOfSatisfying(
            AlreadyExistsException.class,
            e -> assertThat(e.reason().wire()).isEqualTo("ORGANIZATION_ALREADY_EXISTS"));
  }

  @Test
  void an_unreachable_database_is_reported_as_unavailable() {
    PGSimpleDataSource nowhere = new PGSimpleDataSource();
    nowhere.setURL("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2");
    var unreachable = new JooqTransactions(nowhere, Clock.systemUTC());

    assertThatThrownBy(
            () -> unreachable.inTransaction(() -> unreachable.dsl().fetchValue(DSL.inline(1))))
        .isInstanceOfSatisfying(
            UnavailableException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.DATABASE_UNAVAILABLE));
  }

  @Test
  void work_after_the_commit_gives_up_in_time_for_the_caller_to_hear_its_change_committed()
      throws Exception {
    var db = database.database();
    try (var pool = DataSources.create(db.jdbcUrl(), db.user(), db.password(), 1, null)) {
      var bounded = new JooqTransactions(pool, Clock.systemUTC());
      ExecutorService holder = Executors.newSingleThreadExecutor();
      CountDownLatch held = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      AtomicReference<RuntimeException> afterCommitFailure = new AtomicReference<>();
      Instant deadline = Instant.now().plusSeconds(2);
      long started = System.nanoTime();
      try {
        int committed =
            bounded.inTransaction(
                Optional.of(deadline),
                () -> {
                  bounded.afterCommit(() -> {
                    // the only connection goes to someone else, so the follow-up read has to wait
                    // for one
                    holder.submit(() -> {
                      try (Connection taken = pool.getConnection()) {
                        held.countDown();
                        release.await(10, TimeUnit.SECONDS);
                      }
                      return null;
                    });
                    try {
                      held.await(5, TimeUnit.SECONDS);
                      bounded.dsl().fetchValue(DSL.inline(1));
                    } catch (InterruptedException e) {
                      throw new IllegalStateException(e);
                    } catch (RuntimeException e) {
                      afterCommitFailure.set(e);
                      throw e;
                    }
                  });
                  return bounded.dsl().fetchValue(DSL.inline(7));
                });

        assertThat(committed).isEqualTo(7);
        assertThat(Duration.ofNanos(System.nanoTime() - started))
            .as("answered before the caller's deadline")
            .isLessThan(Duration.ofMillis(1900));
        assertThat(afterCommitFailure.get())
            .as("the follow-up gave up waiting for a connection")
            .isInstanceOfSatisfying(
                UnavailableException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.DEADLINE_EXCEEDED));
      } finally {
        release.countDown();
        holder.shutdown();
        holder.awaitTermination(10, TimeUnit.SECONDS);
      }
    }
  }
}
