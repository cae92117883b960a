package io.switchboard.bootstrap.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.bootstrap.Config;
import io.switchboard.persistence.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13.15: the service started as an operator would, at the most verbose log level, with the
 * database password in the JDBC URL and in a password file. Before the fix, pgjdbc logged
 * "Connecting with URL: …password=…" at DEBUG.
 */
class PasswordsNeverLoggedIT {

  private static final Duration START_LIMIT = Duration.ofSeconds(90);

  @TempDir static Path work;

  private static TestDatabase database;

  @BeforeAll
  static void createDatabase() {
    database = TestDatabase.createFresh(PasswordsNeverLoggedIT.class);
  }

  @AfterAll
  static void dropDatabase() {
    if (database != null) {
      database.close();
    }
  }

  @Test
  void a_password_in_the_database_url_is_in_no_log_line_at_trace() throws Exception {
    String password = "pw-in-url-" + UUID.randomUUID();
    String url =
        database.jdbcUrl()
            + (database.jdbcUrl().contains("?") ? "&" : "?")
            + "password="
            + password;
    Map<String, String> settings = settings(url);
    settings.remove(Config.DATABASE_PASSWORD);

    String output = runAndCollectLogs(settings);

    // the levels really were on, and the driver did log the URL it connected with
    assertThat(output).contains("DEBUG", "Connecting with URL");
    assertThat(output).doesNotContain(password);
    System.out.printf(
        "RELIABILITY 13.15 password in the URL, log level TRACE: %d log lines, 0 contain it%n",
        output.lines().count());
  }

  @Test
  void a_password_from_a_file_is_in_no_log_line_at_trace() throws Exception {
    String password = "pw-in-file-" + UUID.randomUUID();
    Path file = work.resolve("db-password-" + UUID.randomUUID());
    Files.writeString(file, password + "\n");
    Map<String, String> settings = settings(database.jdbcUrl());
    settings.remove(Config.DATABASE_PASSWORD);
    settings.put(Config.DATABASE_PASSWORD_FILE, file.toString());

    String output = runAndCollectLogs(settings);

    assertThat(output).doesNotContain(password);
  }

  private static Map<String, String> settings(String url) throws Exception {
    Map<String, String> settings = new HashMap<>();
    settings.put(Config.DATABASE_URL, url);
    settings.put(Config.DATABASE_USER, database.user());
    settings.put(Config.SECRET_KEY, Base64.getEncoder().encodeToString(new byte[32]));
    settings.put(Config.DATA_DIR, Files.createTempDirectory(work, "data").toString());
    settings.put(Config.GRPC_PORT, "0");
    settings.put(Config.HTTP_PORT, "0");
    settings.put(Config.LOG_LEVEL, "TRACE");
    return settings;
  }

  private static String runAndCollectLogs(Map<String, String> settings) throws Exception {
    ChildService service = ChildService.start(work, settings);
    try {
      assertThat(service.awaitListening(START_LIMIT))
          .as("started; output: %s", service.output())
          .isTrue();
      Thread.sleep(
          1000); // the pool fills and the change-feed listener connects after the first line
    } finally {
      service.close();
    }
    return service.output();
  }
}
