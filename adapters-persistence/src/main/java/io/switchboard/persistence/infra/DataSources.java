package io.switchboard.persistence.infra;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Builds the connection pool every repository shares.
 *
 * <p>Timeouts are deliberately finite: a stuck database must surface as errors the callers can map,
 * not as request threads parked forever.
 */
public final class DataSources {

  public static final int DEFAULT_MAX_POOL_SIZE = 10;

  /**
   * Every connection is READ COMMITTED from the start, so transactions need not set it (pgjdbc
   * would send a {@code SET SESSION CHARACTERISTICS} statement, a round trip, each time).
   */
  public static final String READ_COMMITTED = "TRANSACTION_READ_COMMITTED";

  /** How long a caller waits for a free connection before failing. */
  static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);

  /**
   * No statement runs longer: every jOOQ statement carries it as its JDBC query timeout, and pgjdbc
   * then sends the server a cancel request. It used to be a startup {@code options=-c
   * statement_timeout=…}, which PgBouncer refuses ("unsupported startup parameter: options") and
   * which a transaction-mode pooler could not keep per client anyway; a cancel request passes
   * through PgBouncer to the server connection running the statement.
   */
  public static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Longer than the statement timeout, so the server cancels first and the socket timeout only
   * catches dead peers.
   */
  static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);

  static final Duration TCP_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private DataSources() {}

  public static HikariDataSource create(String jdbcUrl, String user, String password) {
    return create(jdbcUrl, user, password, DEFAULT_MAX_POOL_SIZE, null);
  }

  /**
   * Opens the pool and fails fast (HikariCP's {@code PoolInitializationException}) when no first
   * connection can be made, so a wrong URL or password is reported at startup.
   *
   * @param metrics optional pool metrics; {@code null} for none
   */
  public static HikariDataSource create(
      String jdbcUrl,
      String user,
      String password,
      int maxPoolSize,
      MetricsTrackerFactory metrics) {
    return create(jdbcUrl, user, () -> password, maxPoolSize, metrics);
  }

  /**
   * Same, with the password asked for again for every new connection the pool opens, so a password
   * kept in a file can be rotated without a restart ({@code null} from the supplier: no password).
   */
  public static HikariDataSource create(
      String jdbcUrl,
      String user,
      Supplier<String> password,
      int maxPoolSize,
      MetricsTrackerFactory metrics) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(password, "password");
    if (maxPoolSize < 1) {
      throw new IllegalArgumentException("maxPoolSize must be at least 1, was " + maxPoolSize);
    }
    HikariConfig config = new HikariConfig();
    config.setPoolName("switchboard-db");
    Properties driver = new Properties();
    // pgjdbc driver properties; values given in the URL itself take precedence
    driver.setProperty("connectTimeout", String.valueOf(TCP_CONNECT_TIMEOUT.toSeconds()));
    driver.setProperty("socketTimeout", String.valueOf(SOCKET_TIMEOUT.toSeconds()));
    driver.setProperty("ApplicationName", "switchboard");
    if (user != null) {
      driver.setProperty("user", user);
    }
    config.setDataSource(new PasswordPerConnection(jdbcUrl, driver, password));
    config.setMaximumPoolSize(maxPoolSize);
    config.setMinimumIdle(Math.min(2, maxPoolSize));
    config.setTransactionIsolation(READ_COMMITTED);
    config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
    config.setValidationTimeout(Duration.ofSeconds(2).toMillis());
    if (metrics != null) {
      config.setMetricsTrackerFactory(metrics);
    }
    return new HikariDataSource(config);
  }

  /**
   * Opens each connection through the driver with the password of the moment; the pool never holds
   * the password.
   */
  private static final class PasswordPerConnection implements DataSource {
    private final String url;
    private final Properties properties;
    private final Supplier<String> password;
    private volatile int loginTimeoutSeconds;

    PasswordPerConnection(String url, Properties properties, Supplier<String> password) {
      this.url = url;
      this.properties = properties;
      this.password = password;
    }

    @Override
    public Connection getConnection() throws SQLException {
      Properties forThisConnection = new Properties();
      forThisConnection.putAll(properties);
      String current;
      try {
        current = password.get();
      } catch (RuntimeException e) {
        // an unreadable password file fails this connection like a refused login, not the pool's
        // thread
        throw new SQLException("cannot read the database password: " + e.getMessage(), "28P01", e);
      }
      if (current != null) {
        forThisConnection.setProperty("password", current);
      }
      if (loginTimeoutSeconds > 0) {
        forThisConnection.setProperty("loginTimeout", String.valueOf(loginTimeoutSeconds));
      }
      return DriverManager.getConnection(url, forThisConnection);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      throw new SQLFeatureNotSupportedException(
          "the user and password come from the configuration");
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
      // pgjdbc logs through java.util.logging
    }

    @Override
    public void setLoginTimeout(int seconds) {
      loginTimeoutSeconds = seconds;
    }

    @Override
    public int getLoginTimeout() {
      return loginTimeoutSeconds;
    }

    @Override
    public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      if (type.isInstance(this)) {
        return type.cast(this);
      }
      throw new SQLException("not a wrapper of " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
      return type.isInstance(this);
    }
  }
}
