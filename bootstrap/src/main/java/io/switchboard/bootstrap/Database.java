package io.switchboard.bootstrap;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import com.zaxxer.hikari.pool.HikariPool;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.persistence.JooqChangeFeed;
import io.switchboard.persistence.infra.DataSources;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The connection pool, on the configured PostgreSQL or on an embedded one whose files live in the
 * data dir.
 */
final class Database implements AutoCloseable {

  private static final String EMBEDDED_DATABASE_NAME = "switchboard";
  private static final String EMBEDDED_USER = "postgres";

  private final HikariDataSource pool;
  private final EmbeddedPostgres embedded;
  private final String description;
  private final JooqChangeFeed.NotificationConnections notificationConnections;
  private final DataSource direct;

  private Database(
      HikariDataSource pool,
      EmbeddedPostgres embedded,
      String description,
      String directUrl,
      String user,
      Supplier<String> password) {
    this.pool = pool;
    this.embedded = embedded;
    this.description = description;
    // the feed's LISTEN connection asks for the password each time it (re)connects, like the pool
    this.notificationConnections =
        JooqChangeFeed.NotificationConnections.of(directUrl, user, password);
    // the direct connection serves migrations at start (and the migrate command): the password of
    // that moment
    PGSimpleDataSource direct = new PGSimpleDataSource();
    direct.setURL(directUrl);
    if (user != null) {
      direct.setUser(user);
    }
    String startPassword = password.get();
    if (startPassword != null) {
      direct.setPassword(startPassword);
    }
    direct.setApplicationName("switchboard-direct");
    this.direct = direct;
  }

  static Database open(Config config, MeterRegistry registry) {
    MicrometerMetricsTrackerFactory metrics = new MicrometerMetricsTrackerFactory(registry);
    if (config.externalDatabase().isPresent()) {
      Config.ExternalDatabase external = config.externalDatabase().get();
      String user = external.user().orElse(null);
      // read for every new connection: a password file can be rotated without a restart
      Supplier<String> password = () -> external.currentPassword().orElse(null);
      String directUrl = config.directDatabaseUrl().orElseThrow();
      if (!directUrl.equals(external.url())) {
        // LISTEN and session locks need a real session: a transaction-mode pooler cannot give one
        tryConnecting(
            directUrl,
            user,
            password.get(),
            Config.maskPassword(directUrl),
            Config.DATABASE_LISTEN_URL);
      }
      HikariDataSource pool =
          connect(external.url(), user, password, external.displayUrl(), config, metrics);
      return new Database(pool, null, external.displayUrl(), directUrl, user, password);
    }
    Path directory = config.embeddedDatabaseDir();
    String password =
        EmbeddedPassword.loadOrCreate(config.embeddedDatabasePasswordFile(), directory);
    EmbeddedPostgres embedded =
        startEmbedded(directory, config.embeddedDatabasePasswordFile(), password);
    try {
      EmbeddedPassword.closeLegacyInstallation(embedded, directory, password);
      ensureEmbeddedDatabaseExists(embedded);
      String url = embedded.getJdbcUrl(EMBEDDED_USER, EMBEDDED_DATABASE_NAME);
      HikariDataSource pool = connect(url, EMBEDDED_USER, () -> password, url, config, metrics);
      return new Database(
          pool,
          embedded,
          "embedded PostgreSQL at " + directory,
          url,
          EMBEDDED_USER,
          () -> password);
    } catch (RuntimeException e) {
      closeQuietly(embedded);
      throw e;
    }
  }

  DataSource dataSource() {
    return pool;
  }

  /**
   * Unpooled connections on the direct URL ({@code SWITCHBOARD_DATABASE_LISTEN_URL}, else the main
   * one), for work that needs a session of its own: migrations (Flyway holds an advisory lock for
   * the run) and anything that locks.
   */
  DataSource directDataSource() {
    return direct;
  }

  /**
   * Opens the dedicated connections that LISTEN for change notifications (outside the pool, on the
   * direct URL).
   */
  JooqChangeFeed.NotificationConnections notificationConnections() {
    return notificationConnections;
  }

  boolean isEmbedded() {
    return embedded != null;
  }

  /** Where the data lives, without credentials. */
  String description() {
    return description;
  }

  @Override
  public void close() {
    pool.close();
    if (embedded != null) {
      closeQuietly(embedded);
    }
  }

  private static HikariDataSource connect(
      String url,
      String user,
      Supplier<String> password,
      String displayUrl,
      Config config,
      MicrometerMetricsTrackerFactory metrics) {
    // one plain connection first: HikariCP would log a bad URL or password as a stack trace, we
    // report the setting
    tryConnecting(url, user, password.get(), displayUrl, Config.DATABASE_URL);
    try {
      return DataSources.create(url, user, password, config.databasePoolSize(), metrics);
    } catch (HikariPool.PoolInitializationException e) {
      throw explain(e.getCause() != null ? e.getCause() : e, displayUrl);
    }
  }

  private static void tryConnecting(
      String url, String user, String password, String displayUrl, String setting) {
    Properties properties = new Properties();
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
    properties.setProperty("connectTimeout", "5");
    properties.setProperty("loginTimeout", "10");
    try (Connection ignored = DriverManager.getConnection(url, properties)) {
      // reachable and the credentials work
    } catch (SQLException e) {
      throw explain(e, displayUrl, setting);
    }
  }

  private static ConfigException explain(Throwable cause, String displayUrl) {
    return explain(cause, displayUrl, Config.DATABASE_URL);
  }

  /** Turns a failed first connection into the setting the operator has to fix. */
  private static ConfigException explain(Throwable cause, String displayUrl, String urlSetting) {
    String reason = firstSentence(cause.getMessage());
    if (cause instanceof SQLException sql && sql.getSQLState() != null) {
      switch (sql.getSQLState()) {
        case "28P01", "28000" -> {
          return new ConfigException(
              Config.DATABASE_PASSWORD, "authentication to " + displayUrl + " failed: " + reason);
        }
        case "3D000" -> {
          return new ConfigException(urlSetting, "database does not exist: " + reason);
        }
        default -> {
          // fall through to the generic connection failure below
        }
      }
    }
    return new ConfigException(urlSetting, "cannot connect to " + displayUrl + ": " + reason);
  }

  private static String firstSentence(String message) {
    if (message == null) {
      return "unknown error";
    }
    String oneLine = message.replaceAll("\\s+", " ").strip();
    int end = oneLine.indexOf(". ");
    return end < 0 ? oneLine : oneLine.substring(0, end + 1);
  }

  private static EmbeddedPostgres startEmbedded(
      Path directory, Path passwordFile, String password) {
    try {
      Files.createDirectories(directory);
      return EmbeddedPostgres.builder()
          .setDataDirectory(directory)
          .setCleanDataDirectory(false)
          // stopped by our own shutdown sequence, after in-flight calls have drained
          .setRegisterShutdownHook(false)
          .setPGStartupWait(Duration.ofSeconds(60))
          // The library starts PostgreSQL with -F (fsync off) and synchronous_commit=off: fast for
          // tests,
          // but a crash then loses acknowledged writes (20 updates, kill -9: 4 lost). Later -c
          // options
          // win over -F, so both are turned back on here; full_page_writes guards against torn
          // pages.
          .setServerConfig("fsync", "on")
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("full_page_writes", "on")
          // no Unix socket (the default one in /tmp is reachable by every local user): loopback TCP
          // only
          .setServerConfig("listen_addresses", "localhost")
          .setServerConfig("unix_socket_directories", "''")
          .setServerConfig("password_encryption", "scram-sha-256")
          // initdb's options: these follow the library's "-A trust", so they win; the superuser
          // gets the
          // generated password at creation, so the database is never open, not even on its first
          // start
          .setLocaleConfig("auth", "scram-sha-256")
          .setLocaleConfig("pwfile", passwordFile.toString())
          .setConnectConfig("password", password)
          .setDataDirectoryCustomizer(
              dataDirectory -> EmbeddedPassword.requirePasswords(dataDirectory.toPath()))
          .start();
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(
          Config.DATA_DIR,
          "cannot start the embedded PostgreSQL in "
              + directory
              + ": "
              + firstSentence(e.getMessage()),
          e);
    }
  }

  private static void ensureEmbeddedDatabaseExists(EmbeddedPostgres embedded) {
    try (Connection connection = embedded.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      boolean exists;
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT 1 FROM pg_database WHERE datname = '" + EMBEDDED_DATABASE_NAME + "'")) {
        exists = rows.next();
      }
      if (!exists) {
        statement.execute("CREATE DATABASE " + EMBEDDED_DATABASE_NAME);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot prepare the embedded database", e);
    }
  }

  private static void closeQuietly(EmbeddedPostgres embedded) {
    try {
      embedded.close();
    } catch (IOException | RuntimeException ignored) {
      // stopping is best effort; PostgreSQL recovers from an unclean stop on the next start
    }
  }
}
