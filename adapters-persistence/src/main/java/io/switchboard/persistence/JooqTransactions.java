package io.switchboard.persistence;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.switchboard.application.port.Transactions;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.error.UnavailableException;
import io.switchboard.persistence.infra.DataSources;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jooq.Configuration;
import org.jooq.ConnectionProvider;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs work in one READ COMMITTED transaction bound to the current thread; repositories reach it
 * through {@link #dsl()}. A call inside a running transaction joins it. Serialization failures and
 * deadlocks re-run the whole block a few times with jittered backoff; a deadline becomes {@code
 * statement_timeout} so the server cancels the SQL.
 */
public final class JooqTransactions implements Transactions {
  static final int MAX_ATTEMPTS = 5;
  private static final Duration BASE_BACKOFF = Duration.ofMillis(10);
  private static final Duration MAX_BACKOFF = Duration.ofMillis(250);

  /**
   * How long to wait for a connection before asking the pool whether the database is reachable at
   * all.
   */
  private static final Duration UNREACHABLE_PROBE = Duration.ofMillis(250);

  private static final Logger LOG = LoggerFactory.getLogger(JooqTransactions.class);

  private final DataSource dataSource;
  private final Clock clock;
  private final ThreadLocal<Tx> current = new ThreadLocal<>();
  private final ThreadLocal<List<Runnable>> pendingAfterCommit = new ThreadLocal<>();

  /**
   * Set while a caller with a deadline runs its after-commit actions: the moment they must give up
   * waiting for the database, so the caller still hears of its committed change before its
   * deadline.
   */
  private final ThreadLocal<Instant> afterCommitDeadline = new ThreadLocal<>();

  private final DSLContext autoCommit;

  /**
   * Whether connections need READ COMMITTED set per transaction (pgjdbc then sends a statement each
   * time).
   */
  private final boolean isolationPerTransaction;

  /**
   * {@code dsl}: null on an autocommit read until a statement asks for it (reads of fixed SQL never
   * do, and building a context costs more than they do). {@code deferred}: statements held back to
   * travel with the next one or with the COMMIT (see {@link #deferUntilCommit}); null on an
   * autocommit read, where nothing waits for a COMMIT.
   */
  private record Tx(
      Connection connection, DSLContext dsl, Optional<Instant> deadline, List<String> deferred) {
    Tx withDsl() {
      return new Tx(connection, DSL.using(CONFIGURATION.derive(connection)), deadline, deferred);
    }
  }

  public JooqTransactions(DataSource dataSource, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.autoCommit = DSL.using(CONFIGURATION.derive(new BoundedWaitConnections()));
    this.isolationPerTransaction =
        !(dataSource instanceof HikariDataSource hikari
            && DataSources.READ_COMMITTED.equals(hikari.getTransactionIsolation()));
  }

  /**
   * The current transaction's context; outside a transaction, one that runs each statement on its
   * own pooled connection. Refuses to start another statement once the transaction's deadline has
   * passed.
   */
  public DSLContext dsl() {
    Tx tx = current.get();
    if (tx == null) {
      return autoCommit;
    }
    checkDeadlineAndSendDeferred(tx);
    if (tx.dsl() == null) {
      tx = tx.withDsl();
      current.set(tx);
    }
    return tx.dsl();
  }

  private void checkDeadlineAndSendDeferred(Tx tx) {
    if (tx.deadline().isPresent() && !clock.instant().isBefore(tx.deadline().get())) {
      throw SqlErrors.deadlineExceeded();
    }
    if (tx.deferred() != null && !tx.deferred().isEmpty()) {
      try {
        sendDeferred(tx, false); // statements run in the order they were asked for
      } catch (SQLException e) {
        throw SqlErrors.translate(e);
      }
    }
  }

  /**
   * Holds back a write whose caller needs no answer from it (it may only fail) until the
   * transaction's next statement or its COMMIT; at the end it is sent with the COMMIT in one round
   * trip. A write that must fail when it changes nothing raises an error in SQL (e.g. {@code SELECT
   * 1 / count(*)} over its {@code RETURNING}), which aborts the transaction before the COMMIT in
   * the same round trip. Outside a transaction it runs at once.
   */
  void deferUntilCommit(org.jooq.Query query) {
    Tx tx = current.get();
    if (tx == null || tx.deferred() == null) {
      query.execute();
      return;
    }
    tx.deferred().add(query.getSQL(org.jooq.conf.ParamType.INLINED));
  }

  /**
   * Sends the deferred statements (and COMMIT) in one round trip: the driver sends them with a
   * single Sync.
   */
  private static void sendDeferred(Tx tx, boolean commit) throws SQLException {
    String sql = String.join(";\n", tx.deferred()) + (commit ? ";\nCOMMIT" : "");
    tx.deferred().clear();
    try (java.sql.Statement statement = tx.connection().createStatement()) {
      statement.execute(sql);
    }
  }

  /** Work on a prepared statement, which may fail as JDBC does. */
  @FunctionalInterface
  interface StatementWork<T> {
    T run(PreparedStatement statement) throws SQLException;
  }

  /**
   * Runs fixed SQL over plain JDBC, for hot statements whose rendering and record mapping by jOOQ
   * cost more than the database's work: in the current transaction (after its deadline check and
   * deferred statements, as {@link #dsl()}), outside one on a pooled connection of its own. It gets
   * what jOOQ's configuration gives every other statement: the statement timeout, a trace span and
   * translated errors.
   */
  <T> T prepared(String sql, StatementWork<T> work) {
    Tx tx = current.get();
    if (tx != null) {
      checkDeadlineAndSendDeferred(tx);
      return prepared(tx.connection(), sql, work);
    }
    try (Connection connection = connection(unboundedWait())) {
      return prepared(connection, sql, work);
    } catch (SQLException closeFailure) {
      throw SqlErrors.translate(closeFailure);
    }
  }

  private static <T> T prepared(Connection connection, String sql, StatementWork<T> work) {
    io.opentelemetry.api.trace.Span span = DatabaseSpans.start(sql);
    SQLException failure = null;
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
      return work.run(statement);
    } catch (SQLException e) {
      failure = e;
      throw SqlErrors.translate(e);
    } finally {
      DatabaseSpans.end(span, failure);
    }
  }

  public boolean inTransaction() {
    return current.get() != null;
  }

  /**
   * Runs {@code action} on this thread once the current transaction has committed and given its
   * connection back (at once outside a transaction; never if it rolls back). The change feed uses
   * it to number the events just committed.
   */
  void afterCommit(Runnable action) {
    List<Runnable> actions = pendingAfterCommit.get();
    if (actions == null) {
      runQuietly(action);
    } else if (!actions.contains(action)) {
      actions.add(action);
    }
  }

  /**
   * The current transaction's pending after-commit action of {@code type}, registered (after those
   * already pending) by {@code create} on first use, so several statements of one transaction can
   * share one action; null outside a transaction.
   */
  <T extends Runnable> T afterCommitOnce(Class<T> type, Supplier<T> create) {
    List<Runnable> actions = pendingAfterCommit.get();
    if (actions == null) {
      return null;
    }
    for (Runnable action : actions) {
      if (type.isInstance(action)) {
        return type.cast(action);
      }
    }
    T action = create.get();
    actions.add(action);
    return action;
  }

  /**
   * The change is committed, so the caller must hear of it before its deadline: the follow-up work
   * (numbering its events, bringing this replica's caches up to them) gets half the time left and
   * then gives up waiting for the database; what it leaves undone the change feed's next poll does.
   */
  private void runAfterCommit(List<Runnable> actions, Optional<Instant> deadline) {
    if (actions.isEmpty()) {
      return;
    }
    if (deadline.isEmpty()) {
      actions.forEach(JooqTransactions::runQuietly);
      return;
    }
    Instant now = clock.instant();
    afterCommitDeadline.set(now.plus(Duration.between(now, deadline.get()).dividedBy(2)));
    try {
      actions.forEach(JooqTransactions::runQuietly);
    } finally {
      afterCommitDeadline.remove();
    }
  }

  /**
   * Time left to the current after-commit deadline (zero once it passed); empty when there is none.
   */
  Optional<Duration> afterCommitTimeLeft() {
    Instant until = afterCommitDeadline.get();
    if (until == null) {
      return Optional.empty();
    }
    Duration left = Duration.between(clock.instant(), until);
    return Optional.of(left.isNegative() ? Duration.ZERO : left);
  }

  /**
   * Bounds a connection wait that has no deadline of its own by the after-commit deadline, if one
   * is running.
   */
  private Duration unboundedWait() {
    Optional<Duration> left = afterCommitTimeLeft();
    if (left.isPresent() && left.get().toMillis() < 1) {
      throw SqlErrors.deadlineExceeded();
    }
    return left.orElse(null);
  }

  private static void runQuietly(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      LOG.warn("an after-commit action failed; the transaction stays committed", e);
    }
  }

  @Override
  public <T> T inTransaction(Optional<Instant> deadline, Supplier<T> work) {
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(work, "work");
    if (current.get() != null) {
      return work.get(); // join: the outer transaction's deadline and retries govern
    }
    List<Runnable> afterCommit = new ArrayList<>();
    for (int attempt = 1; ; attempt++) {
      try {
        afterCommit.clear(); // a failed attempt's actions go with its rollback
        pendingAfterCommit.set(afterCommit);
        T result;
        try {
          result = runOnce(deadline, work);
        } finally {
          pendingAfterCommit.remove();
        }
        runAfterCommit(afterCommit, deadline);
        return result;
      } catch (RuntimeException failure) {
        if (!SqlErrors.isRetryable(failure)) {
          throw SqlErrors.translate(failure);
        }
        if (attempt >= MAX_ATTEMPTS) {
          LOG.warn(
              "transaction gave up after {} attempts: SQLSTATE {}",
              attempt,
              SqlErrors.sqlState(failure).orElse("?"));
          throw new UnavailableException(
              Reason.DATABASE_UNAVAILABLE,
              "the database stayed too contended to complete the change; retry later");
        }
        backOff(attempt, deadline);
      }
    }
  }

  /**
   * Without a deadline, reads run in autocommit on one pooled connection: no BEGIN, no COMMIT, the
   * same answers as a READ COMMITTED transaction would give (each statement sees the latest
   * committed data either way). With a deadline they run in a transaction, whose SET LOCAL
   * statement_timeout lets the server cancel them.
   */
  @Override
  public <T> T read(Optional<Instant> deadline, Supplier<T> work) {
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(work, "work");
    if (current.get() != null || deadline.isPresent()) {
      return inTransaction(deadline, work);
    }
    try (Connection connection = connection(unboundedWait())) {
      current.set(new Tx(connection, null, deadline, null));
      try {
        return work.get();
      } finally {
        current.remove();
      }
    } catch (SQLException connectionFailure) {
      throw SqlErrors.translate(connectionFailure);
    } catch (RuntimeException failure) {
      throw SqlErrors.translate(failure);
    }
  }

  private <T> T runOnce(Optional<Instant> deadline, Supplier<T> work) {
    Duration remaining = deadline.map(d -> Duration.between(clock.instant(), d)).orElse(null);
    if (remaining != null && remaining.toMillis() < 1) {
      throw SqlErrors.deadlineExceeded();
    }
    try (Connection connection = connection(remaining != null ? remaining : unboundedWait())) {
      connection.setAutoCommit(false);
      if (isolationPerTransaction) {
        connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      }
      DSLContext dsl = DSL.using(CONFIGURATION.derive(connection));
      Tx tx = new Tx(connection, dsl, deadline, new ArrayList<>(1));
      current.set(tx);
      try {
        if (remaining != null) {
          // SET LOCAL: the server cancels any statement still running when the deadline passes
          // (SQLSTATE 57014)
          dsl.select(
                  DSL.function(
                      "set_config",
                      String.class,
                      DSL.val("statement_timeout"),
                      DSL.val(Long.toString(remaining.toMillis())),
                      DSL.val(true)))
              .fetch();
        }
        T result = work.get();
        if (!tx.deferred().isEmpty()) {
          sendDeferred(
              tx,
              true); // the driver then finds no transaction open, and commit() sends nothing more
        }
        connection.commit();
        return result;
      } catch (RuntimeException | Error failure) {
        rollbackQuietly(connection, failure);
        throw failure;
      } catch (SQLException commitFailure) {
        rollbackQuietly(connection, commitFailure);
        throw new CommitFailedException(commitFailure);
      } finally {
        current.remove();
      }
    } catch (SQLException connectionFailure) {
      throw SqlErrors.translate(connectionFailure);
    }
  }

  /**
   * A pooled connection, refused fast while the database is unreachable. With a deadline, the wait
   * ends at half the time left, so the caller hears why well before its own deadline fires:
   * DEADLINE_EXCEEDED when every connection is merely busy (a call that cannot start its work in
   * half its time would hardly finish it). Without a deadline the pool's own timeout applies.
   * Either way, while the pool is trying to open connections, a short first look tells a database
   * that is down (the pool reports its last failure to connect: UNAVAILABLE at once) from a busy
   * pool.
   */
  private Connection connection(Duration remaining) throws SQLException {
    if (!(dataSource instanceof HikariDataSource hikari)
        || !(hikari.getHikariPoolMXBean() instanceof HikariPool pool)) {
      return dataSource.getConnection();
    }
    boolean deadlineBound =
        remaining != null && remaining.toMillis() / 2 < hikari.getConnectionTimeout();
    long budget =
        deadlineBound ? Math.max(1, remaining.toMillis() / 2) : hikari.getConnectionTimeout();
    boolean poolIsGrowing =
        pool.getIdleConnections() == 0 && pool.getTotalConnections() < hikari.getMaximumPoolSize();
    long firstLook = poolIsGrowing ? Math.min(budget, UNREACHABLE_PROBE.toMillis()) : 0;
    if (firstLook > 0) {
      try {
        return pool.getConnection(firstLook);
      } catch (SQLTransientConnectionException timedOut) {
        if (timedOut.getCause() != null || budget == firstLook) {
          throw noConnection(timedOut, deadlineBound);
        }
      }
    }
    try {
      return pool.getConnection(budget - firstLook);
    } catch (SQLTransientConnectionException timedOut) {
      throw noConnection(timedOut, deadlineBound);
    }
  }

  /**
   * The pool attaches its last failure to connect as the cause; none means the database is fine,
   * only busy: then the caller's deadline, when it was what cut the wait short, is the reason.
   */
  private static UnavailableException noConnection(
      SQLTransientConnectionException timedOut, boolean deadlineBound) {
    return timedOut.getCause() == null && deadlineBound
        ? SqlErrors.deadlineExceeded()
        : SqlErrors.databaseUnavailable();
  }

  private void backOff(int attempt, Optional<Instant> deadline) {
    long ceiling = Math.min(MAX_BACKOFF.toMillis(), BASE_BACKOFF.toMillis() << attempt);
    long sleep = ThreadLocalRandom.current().nextLong(1, ceiling + 1);
    if (deadline.isPresent() && clock.instant().plusMillis(sleep).isAfter(deadline.get())) {
      throw SqlErrors.deadlineExceeded();
    }
    try {
      Thread.sleep(sleep);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException(Reason.DATABASE_UNAVAILABLE, "interrupted while retrying");
    }
  }

  private static void rollbackQuietly(Connection connection, Throwable cause) {
    try {
      connection.rollback();
    } catch (SQLException rollbackFailure) {
      cause.addSuppressed(rollbackFailure);
    }
  }

  /**
   * Outside a transaction each statement borrows its own connection: through {@link #connection},
   * so a database that is down is reported at once and an after-commit deadline bounds the wait.
   */
  private final class BoundedWaitConnections implements ConnectionProvider {
    @Override
    public Connection acquire() {
      try {
        return connection(unboundedWait());
      } catch (SQLException e) {
        throw SqlErrors.translate(e);
      }
    }

    @Override
    public void release(Connection connection) {
      try {
        connection.close();
      } catch (SQLException e) {
        throw SqlErrors.translate(e);
      }
    }
  }

  private static final int STATEMENT_TIMEOUT_SECONDS =
      (int) DataSources.STATEMENT_TIMEOUT.toSeconds();

  /**
   * Built once: every transaction derives its context from it rather than assembling a
   * configuration anew.
   */
  private static final Configuration CONFIGURATION =
      new DefaultConfiguration()
          .set(SQLDialect.POSTGRES)
          .set(new org.jooq.conf.Settings().withQueryTimeout(STATEMENT_TIMEOUT_SECONDS))
          .set(
              new DefaultExecuteListenerProvider(new TranslatingListener()),
              new DefaultExecuteListenerProvider(new DatabaseSpans()));

  /**
   * Statement failures become domain errors where the domain has a name for them (see {@link
   * SqlErrors}).
   */
  private static final class TranslatingListener implements ExecuteListener {
    @Override
    public void exception(ExecuteContext ctx) {
      RuntimeException failure = ctx.exception();
      if (failure != null) {
        RuntimeException translated = SqlErrors.translate(failure);
        if (translated != failure) {
          ctx.exception(translated);
        }
      }
    }
  }

  /** A failed COMMIT, kept unchecked so the retry loop can look at its SQLSTATE. */
  private static final class CommitFailedException extends RuntimeException {
    CommitFailedException(SQLException cause) {
      super("commit failed", cause);
    }
  }
}
