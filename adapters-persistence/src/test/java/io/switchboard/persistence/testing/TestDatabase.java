package io.switchboard.persistence.testing;

import com.zaxxer.hikari.HikariDataSource;
import io.switchboard.persistence.infra.DataSources;
import io.switchboard.persistence.infra.Migrations;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * A brand-new, migrated PostgreSQL database for one test class, so tests never see each other's
 * rows.
 *
 * <p>The server is, in order of preference: the one named by {@code SWITCHBOARD_TEST_DATABASE_URL}
 * (CI sets it), a Testcontainers PostgreSQL when a Docker engine answers, or one embedded
 * PostgreSQL shared by the whole test JVM. Use it from {@code @BeforeAll}/{@code @AfterAll}, or
 * through {@link TestDatabaseExtension}.
 */
public final class TestDatabase implements AutoCloseable {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final TestDatabaseServer server;
  private final String databaseName;
  private final String jdbcUrl;
  private final HikariDataSource dataSource;

  private TestDatabase(TestDatabaseServer server, String databaseName) {
    this.server = server;
    this.databaseName = databaseName;
    this.jdbcUrl = server.jdbcUrl(databaseName);
    this.dataSource = DataSources.create(jdbcUrl, server.user(), server.password(), 5, null);
  }

  /** Creates and migrates a database named after {@code classNameHint} plus a random suffix. */
  public static TestDatabase createFresh(String classNameHint) {
    TestDatabaseServer server = TestDatabaseServer.shared();
    String name = databaseName(classNameHint);
    server.execute("CREATE DATABASE " + name);
    TestDatabase database = new TestDatabase(server, name);
    try {
      Migrations.migrate(database.dataSource);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
    return database;
  }

  /** Creates a database with no schema at all (for tests of migrating itself). */
  public static TestDatabase createEmpty(String classNameHint) {
    TestDatabaseServer server = TestDatabaseServer.shared();
    String name = databaseName(classNameHint);
    server.execute("CREATE DATABASE " + name);
    return new TestDatabase(server, name);
  }

  public static TestDatabase createFresh(Class<?> testClass) {
    return createFresh(testClass.getSimpleName());
  }

  static String databaseName(String hint) {
    String cleaned = hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    if (cleaned.length() > 30) {
      cleaned = cleaned.substring(0, 30);
    }
    byte[] suffix = new byte[5];
    RANDOM.nextBytes(suffix);
    return "sb_" + cleaned + "_" + HexFormat.of().formatHex(suffix);
  }

  /** A JDBC URL without credentials; pair it with {@link #user()} and {@link #password()}. */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  public String user() {
    return server.user();
  }

  public String password() {
    return server.password();
  }

  public String databaseName() {
    return databaseName;
  }

  /** A small pool on this database, closed by {@link #close()}. */
  public DataSource dataSource() {
    return dataSource;
  }

  /** Opens a connection outside the pool, for assertions that must not depend on it. */
  public Connection openConnection() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, server.user(), server.password());
  }

  /** Closes the pool and drops the database; other sessions on it are terminated. */
  @Override
  public void close() {
    dataSource.close();
    server.execute("DROP DATABASE IF EXISTS " + databaseName + " WITH (FORCE)");
  }

  static void execute(String jdbcUrl, String user, String password, String sql) {
    try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("test database server refused: " + sql, e);
    }
  }
}
