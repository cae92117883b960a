package io.switchboard.bootstrap;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Answers "can this replica serve?" by running {@code SELECT 1} on the pool, giving up after a
 * short timeout.
 */
final class DatabaseReadiness implements AutoCloseable {

  static final Duration TIMEOUT = Duration.ofSeconds(1);

  private final DataSource dataSource;
  // a hung database must not hang the probe: the check runs elsewhere and the probe stops waiting
  private final ExecutorService checks = Executors.newVirtualThreadPerTaskExecutor();

  DatabaseReadiness(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  boolean isReady() {
    CompletableFuture<Boolean> check = CompletableFuture.supplyAsync(this::selectOne, checks);
    try {
      return check.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      check.cancel(true);
      return false;
    }
  }

  private boolean selectOne() {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.setQueryTimeout((int) TIMEOUT.toSeconds());
      return statement.execute("SELECT 1");
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  public void close() {
    checks.shutdownNow();
  }
}
