package io.switchboard.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, items 3 and 4: the embedded PostgreSQL (the default when no database is configured)
 * keeps every acknowledged write through a kill -9 of its processes, and no local process can log
 * in to it without the generated password.
 */
class EmbeddedDatabaseIT {
  private static final int WRITES = 20;

  @TempDir Path dataDir;

  private Config config() {
    return Config.fromEnvironment(Map.of(Config.DATA_DIR, dataDir.toString()));
  }

  @Test
  void acknowledged_writes_survive_kill_9_of_the_database_processes() throws Exception {
    Config config = config();
    int acknowledged = 0;
    Database database = Database.open(config, new SimpleMeterRegistry());
    try {
      try (Connection connection = database.dataSource().getConnection();
          Statement statement = connection.createStatement()) {
        assertThat(show(statement, "fsync")).isEqualTo("on");
        assertThat(show(statement, "synchronous_commit")).isEqualTo("on");
        statement.execute("CREATE TABLE acknowledged (n int PRIMARY KEY)");
        for (int n = 1; n <= WRITES; n++) {
          // autocommit: executeUpdate returning is the acknowledgement a client would act on
          statement.executeUpdate("INSERT INTO acknowledged VALUES (" + n + ")");
          acknowledged++;
        }
      }
      // at once, before the WAL writer's next round: what an asynchronous commit has not flushed
      // yet dies here
      killDatabaseProcesses(config.embeddedDatabaseDir());
    } finally {
      database.close();
    }

    int found;
    try (Database restarted = Database.open(config, new SimpleMeterRegistry());
        Connection connection = restarted.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM acknowledged")) {
      rows.next();
      found = rows.getInt(1);
    }
    System.out.printf(
        "RELIABILITY embedded-durability: %d acknowledged writes, kill -9 of the postmaster and its "
            + "children, restart: %d lost%n",
        acknowledged, acknowledged - found);
    assertThat(found).isEqualTo(WRITES);
  }

  @Test
  void no_local_login_without_the_generated_password_which_only_the_owner_can_read()
      throws Exception {
    Config config = config();
    try (Database database = Database.open(config, new SimpleMeterRegistry())) {
      String url = jdbcUrl(database);
      Path passwordFile = config.embeddedDatabasePasswordFile();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)))
          .isEqualTo("rw-------");
      String password = Files.readString(passwordFile, StandardCharsets.US_ASCII).strip();

      int refused = 0;
      for (String attempt : List.of("", "postgres", "wrong-" + password)) {
        assertThatThrownBy(() -> login(url, "postgres", attempt))
            .isInstanceOfSatisfying(
                SQLException.class,
                e -> assertThat(e.getSQLState()).isIn("28P01", "28000", "08004"));
        refused++;
      }
      assertThatThrownBy(() -> login(url, "postgres", null)).isInstanceOf(SQLException.class);
      refused++;
      // the owner of the data dir, with the password, gets in; a Unix-socket login is impossible
      // (none is open)
      try (Connection owner = login(url, "postgres", password);
          Statement statement = owner.createStatement()) {
        assertThat(show(statement, "unix_socket_directories")).isEmpty();
        assertThat(show(statement, "password_encryption")).isEqualTo("scram-sha-256");
        try (ResultSet rows =
            statement.executeQuery(
                "SELECT rolpassword LIKE 'SCRAM-SHA-256$%' FROM pg_authid "
                    + "WHERE rolname = 'postgres'")) {
          rows.next();
          assertThat(rows.getBoolean(1)).isTrue();
        }
      }
      assertThat(Files.readString(config.embeddedDatabaseDir().resolve("pg_hba.conf")))
          .doesNotContain("trust")
          .contains("scram-sha-256");
      System.out.printf(
          "RELIABILITY embedded-closed: %d logins without the password refused (none, empty, "
              + "guessed, wrong), password file mode 0600, no Unix socket%n",
          refused);
    }
  }

  @Test
  void a_data_dir_from_before_passwords_is_closed_on_its_next_start() throws Exception {
    // what earlier versions left behind: a cluster initialised with trust, no password file
    try (EmbeddedPostgres legacy =
        EmbeddedPostgres.builder()
            .setDataDirectory(config().embeddedDatabaseDir())
            .setCleanDataDirectory(false)
            .setPGStartupWait(Duration.ofSeconds(60))
            .start()) {
      try (Connection open = legacy.getPostgresDatabase().getConnection()) {
        assertThat(open.isValid(1)).isTrue();
      }
    }
    try (Database database = Database.open(config(), new SimpleMeterRegistry())) {
      assertThatThrownBy(() -> login(jdbcUrl(database), "postgres", null))
          .isInstanceOf(SQLException.class);
      String password = Files.readString(config().embeddedDatabasePasswordFile()).strip();
      try (Connection owner = login(jdbcUrl(database), "postgres", password)) {
        assertThat(owner.isValid(1)).isTrue();
      }
    }
  }

  @Test
  void a_lost_password_file_is_reported_at_once_naming_the_data_dir() throws Exception {
    Config config = config();
    try (Database ignored = Database.open(config, new SimpleMeterRegistry())) {
      // created, then stopped
    }
    Files.delete(config.embeddedDatabasePasswordFile());
    assertThatThrownBy(() -> Database.open(config, new SimpleMeterRegistry()))
        .isInstanceOfSatisfying(
            ConfigException.class, e -> assertThat(e.setting()).isEqualTo(Config.DATA_DIR))
        .hasMessageContaining("postgres.password");
  }

  private static String jdbcUrl(Database database) throws SQLException {
    try (Connection connection = database.dataSource().getConnection()) {
      return connection.getMetaData().getURL();
    }
  }

  private static Connection login(String url, String user, String password) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    if (password != null) {
      properties.setProperty("password", password);
    }
    properties.setProperty("connectTimeout", "5");
    return DriverManager.getConnection(url.replaceAll("[?&]password=[^&]*", ""), properties);
  }

  private static String show(Statement statement, String setting) throws SQLException {
    try (ResultSet rows = statement.executeQuery("SHOW " + setting)) {
      rows.next();
      return rows.getString(1);
    }
  }

  /**
   * SIGKILL to the postmaster this test started (its pid is in postmaster.pid) and to every process
   * under it.
   */
  private static void killDatabaseProcesses(Path dataDirectory) throws Exception {
    long pid =
        Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).strip());
    ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
    List<ProcessHandle> all = new java.util.ArrayList<>(postmaster.descendants().toList());
    all.add(0, postmaster);
    all.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle process : all) {
      process.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
    }
  }
}
