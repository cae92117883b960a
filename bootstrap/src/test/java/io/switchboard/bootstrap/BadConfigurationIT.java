package io.switchboard.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.persistence.testing.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the real process with a bad setting and expects one clear line naming it, and a non-zero
 * exit.
 */
class BadConfigurationIT {

  private static final Duration PROCESS_LIMIT = Duration.ofSeconds(30);
  private static final String VALID_KEY = Base64.getEncoder().encodeToString(new byte[32]);

  @TempDir static Path work;

  private static TestDatabase database;

  @BeforeAll
  static void createDatabase() {
    database = TestDatabase.createFresh(BadConfigurationIT.class);
  }

  @AfterAll
  static void dropDatabase() {
    if (database != null) {
      database.close();
    }
  }

  @Test
  void an_unreachable_database_is_named() throws Exception {
    Outcome outcome =
        run(
            Map.of(
                Config.DATABASE_URL,
                "jdbc:postgresql://127.0.0.1:1/nope",
                Config.SECRET_KEY,
                VALID_KEY));

    outcome.assertFailedNaming(Config.DATABASE_URL);
    assertThat(outcome.errorLine())
        .contains("cannot connect to jdbc:postgresql://127.0.0.1:1/nope");
  }

  @Test
  void a_non_numeric_port_is_named() throws Exception {
    Outcome outcome = run(Map.of(Config.HTTP_PORT, "eighty"));

    outcome.assertFailedNaming(Config.HTTP_PORT);
    assertThat(outcome.errorLine())
        .isEqualTo("switchboard: SWITCHBOARD_HTTP_PORT: 'eighty' is not a whole number");
  }

  @Test
  void a_malformed_secret_key_is_named_without_echoing_it() throws Exception {
    Outcome outcome = run(withDatabase(Map.of(Config.SECRET_KEY, "tooshort")));

    outcome.assertFailedNaming(Config.SECRET_KEY);
    assertThat(outcome.stderr() + outcome.stdout()).doesNotContain("tooshort");
  }

  @Test
  void a_guessable_bootstrap_key_is_named_without_echoing_it() throws Exception {
    Outcome outcome = run(withDatabase(Map.of(Config.BOOTSTRAP_API_KEY, "changeme")));

    outcome.assertFailedNaming(Config.BOOTSTRAP_API_KEY);
    assertThat(outcome.errorLine()).contains("sb_live_ followed by 43 base64url characters");
    assertThat(outcome.stderr() + outcome.stdout()).doesNotContain("changeme");
  }

  @Test
  void a_taken_grpc_port_is_named() throws Exception {
    try (ServerSocket taken = occupyPort()) {
      Outcome outcome =
          run(withDatabase(Map.of(Config.GRPC_PORT, String.valueOf(taken.getLocalPort()))));

      outcome.assertFailedNaming(Config.GRPC_PORT);
      assertThat(outcome.errorLine())
          .isEqualTo(
              "switchboard: SWITCHBOARD_GRPC_PORT: port "
                  + taken.getLocalPort()
                  + " is already in use");
    }
  }

  @Test
  void a_taken_http_port_is_named() throws Exception {
    try (ServerSocket taken = occupyPort()) {
      Outcome outcome =
          run(withDatabase(Map.of(Config.HTTP_PORT, String.valueOf(taken.getLocalPort()))));

      outcome.assertFailedNaming(Config.HTTP_PORT);
      assertThat(outcome.errorLine())
          .isEqualTo(
              "switchboard: SWITCHBOARD_HTTP_PORT: port "
                  + taken.getLocalPort()
                  + " is already in use");
    }
  }

  @Test
  void a_taken_management_port_is_named() throws Exception {
    try (ServerSocket taken = occupyPort()) {
      Outcome outcome =
          run(withDatabase(Map.of(Config.MANAGEMENT_PORT, String.valueOf(taken.getLocalPort()))));

      outcome.assertFailedNaming(Config.MANAGEMENT_PORT);
      assertThat(outcome.errorLine())
          .isEqualTo(
              "switchboard: SWITCHBOARD_MANAGEMENT_PORT: port "
                  + taken.getLocalPort()
                  + " is already in use");
    }
  }

  private static ServerSocket occupyPort() throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
    return socket;
  }

  private static Map<String, String> withDatabase(Map<String, String> settings) {
    Map<String, String> all =
        new HashMap<>(
            Map.of(
                Config.DATABASE_URL,
                database.jdbcUrl(),
                Config.DATABASE_USER,
                database.user(),
                Config.SECRET_KEY,
                VALID_KEY,
                Config.GRPC_PORT,
                "0",
                Config.HTTP_PORT,
                "0",
                Config.MANAGEMENT_PORT,
                "0"));
    if (database.password() != null) {
      all.put(Config.DATABASE_PASSWORD, database.password());
    }
    all.putAll(settings);
    return all;
  }

  /**
   * Runs {@link Main} in a child JVM: the fat jar when it has been built, else this test's class
   * path.
   */
  private static Outcome run(Map<String, String> settings)
      throws IOException, InterruptedException {
    List<String> command = MainCommand.of(List.of(), List.of());
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("SWITCHBOARD_"));
    builder.environment().put(Config.DATA_DIR, Files.createTempDirectory(work, "data").toString());
    builder.environment().putAll(settings);
    File stdout = Files.createTempFile(work, "stdout", ".txt").toFile();
    File stderr = Files.createTempFile(work, "stderr", ".txt").toFile();
    builder.redirectOutput(stdout).redirectError(stderr);

    Process process = builder.start();
    boolean exited = process.waitFor(PROCESS_LIMIT.toSeconds(), TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly().waitFor();
    }
    return new Outcome(
        exited,
        exited ? process.exitValue() : -1,
        Files.readString(stdout.toPath(), StandardCharsets.UTF_8),
        Files.readString(stderr.toPath(), StandardCharsets.UTF_8));
  }

  private record Outcome(boolean exited, int exitCode, String stdout, String stderr) {

    String errorLine() {
      List<String> lines = stderr.lines().filter(line -> line.startsWith("switchboard: ")).toList();
      assertThat(lines).as("stderr: %s", stderr).hasSize(1);
      return lines.getFirst();
    }

    void assertFailedNaming(String setting) {
      assertThat(exited).as("exited within %s; stdout: %s", PROCESS_LIMIT, stdout).isTrue();
      assertThat(exitCode).isEqualTo(Main.EXIT_BAD_CONFIGURATION);
      assertThat(errorLine()).startsWith("switchboard: " + setting + ": ");
      assertThat(stderr + stdout)
          .as("no stack trace")
          .doesNotContain("\tat ", "at io.", "Caused by:");
    }
  }
}
