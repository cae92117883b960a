package io.switchboard.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.application.auth.ApiKeySecrets;
import io.switchboard.persistence.infra.Migrations;
import io.switchboard.persistence.testing.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migrations as a deploy step: {@code java -jar switchboard.jar migrate} migrates and exits 0; with
 * {@code SWITCHBOARD_MIGRATE_ON_START=false} a server refuses an older schema with one line and
 * serves a newer one (expand/contract: the previous release keeps running on the next one's schema
 * during a rolling update).
 */
class MigrationsAsAStepIT {

  private static final Duration PROCESS_LIMIT = Duration.ofSeconds(90);
  private static final String VALID_KEY = Base64.getEncoder().encodeToString(new byte[32]);

  @TempDir static Path work;

  @Test
  void the_migrate_command_migrates_and_exits_0_and_a_second_run_finds_nothing_to_do()
      throws Exception {
    try (TestDatabase database = TestDatabase.createEmpty("migrate command")) {
      Outcome first = run(List.of("migrate"), settingsFor(database, Map.of()));
      Outcome second = run(List.of("migrate"), settingsFor(database, Map.of()));
      Migrations.SchemaState state = Migrations.inspect(database.dataSource());

      System.out.println(
          "RELIABILITY migrate-command: first run exit "
              + first.exitCode
              + " ('"
              + first.stdout.strip()
              + "'), second run exit "
              + second.exitCode
              + " ('"
              + second.stdout.strip()
              + "'), schema at "
              + state.appliedVersion().orElse("none")
              + " of "
              + state.requiredVersion());
      assertThat(first.exitCode).as("stderr: %s", first.stderr).isZero();
      assertThat(first.stdout)
          .containsPattern(
              "switchboard: schema up to date \\([1-9]\\d* migration\\(s\\) applied\\)");
      assertThat(second.exitCode).isZero();
      assertThat(second.stdout).contains("switchboard: schema up to date (0 migration(s) applied)");
      assertThat(state.isCurrentOrNewer()).isTrue();
      assertThat(state.appliedVersion()).contains(state.requiredVersion());
    }
  }

  @Test
  void an_unknown_command_is_refused_with_one_line() throws Exception {
    Outcome outcome = run(List.of("migrat"), Map.of());

    assertThat(outcome.exitCode).isEqualTo(Main.EXIT_BAD_CONFIGURATION);
    assertThat(outcome.errorLines())
        .containsExactly(
            "switchboard: unknown arguments migrat; usage: switchboard.jar [migrate | reseal | help |"
                + " <command>]");
  }

  @Test
  void without_migrating_at_start_an_older_schema_refuses_to_start_with_one_line()
      throws Exception {
    try (TestDatabase database = TestDatabase.createEmpty("older schema")) {
      Outcome outcome =
          run(List.of(), settingsFor(database, Map.of(Config.MIGRATE_ON_START, "false")));
      String required = Migrations.inspect(database.dataSource()).requiredVersion();

      System.out.println(
          "RELIABILITY older-schema: exit " + outcome.exitCode + ", " + outcome.errorLines());
      assertThat(outcome.exitCode).isEqualTo(Main.EXIT_BAD_CONFIGURATION);
      assertThat(outcome.errorLines())
          .containsExactly(
              "switchboard: SWITCHBOARD_MIGRATE_ON_START: is false and the "
                  + "database schema is at version none but this release needs "
                  + required
                  + ": run 'java -jar switchboard.jar migrate' first");
      assertThat(outcome.stderr + outcome.stdout).doesNotContain("\tat ", "Caused by:");
      assertThat(Migrations.inspect(database.dataSource()).appliedVersion())
          .as("nothing migrated")
          .isEmpty();
    }
  }

  @Test
  void a_schema_one_release_newer_is_served_with_and_without_migrating_at_start() throws Exception {
    try (TestDatabase database = TestDatabase.createFresh("newer schema")) {
      Flyway.configure()
          .dataSource(database.dataSource())
          .locations(Migrations.LOCATION, "classpath:db/next-release")
          .load()
          .migrate();
      Migrations.SchemaState newer = Migrations.inspect(database.dataSource());
      assertThat(newer.appliedVersion()).contains("999");

      for (String migrateOnStart : List.of("false", "true")) {
        String key = ApiKeySecrets.generate();
        Map<String, String> settings =
            TestEnvironment.withTestDefaults(
                settingsFor(
                    database,
                    Map.of(
                        Config.MIGRATE_ON_START, migrateOnStart,
                        Config.BOOTSTRAP_API_KEY, key,
                        Config.DATA_DIR, Files.createTempDirectory(work, "data").toString())));
        try (Switchboard switchboard = Switchboard.start(Config.fromEnvironment(settings))) {
          var http = java.net.http.HttpClient.newHttpClient();
          int status =
              http.send(
                      java.net.http.HttpRequest.newBuilder(
                              java.net.URI.create(
                                  "http://127.0.0.1:"
                                      + switchboard.httpPort()
                                      + "/v1/phone-numbers?limit=1"))
                          .header("Authorization", "Bearer " + key)
                          .build(),
                      java.net.http.HttpResponse.BodyHandlers.ofString())
                  .statusCode();
          System.out.println(
              "RELIABILITY newer-schema: schema at "
                  + newer.appliedVersion().orElseThrow()
                  + ", this release needs "
                  + newer.requiredVersion()
                  + ", migrate on start "
                  + migrateOnStart
                  + ": started, GET /v1/phone-numbers "
                  + status);
          assertThat(status).isEqualTo(200);
        }
      }
    }
  }

  @Test
  void an_in_process_start_without_migrating_names_the_setting() {
    try (TestDatabase database = TestDatabase.createEmpty("in process")) {
      Map<String, String> settings =
          TestEnvironment.withTestDefaults(
              settingsFor(
                  database,
                  Map.of(
                      Config.MIGRATE_ON_START,
                      "false",
                      Config.GRPC_PORT,
                      "0",
                      Config.HTTP_PORT,
                      "0")));

      assertThatThrownBy(() -> Switchboard.start(Config.fromEnvironment(settings)))
          .isInstanceOfSatisfying(
              ConfigException.class,
              e -> assertThat(e.setting()).isEqualTo(Config.MIGRATE_ON_START));
    }
  }

  private static Map<String, String> settingsFor(TestDatabase database, Map<String, String> extra) {
    Map<String, String> all = new HashMap<>();
    all.put(Config.DATABASE_URL, database.jdbcUrl());
    all.put(Config.DATABASE_USER, database.user());
    if (database.password() != null) {
      all.put(Config.DATABASE_PASSWORD, database.password());
    }
    all.put(Config.SECRET_KEY, VALID_KEY);
    all.put(Config.GRPC_PORT, "0");
    all.put(Config.HTTP_PORT, "0");
    all.put(Config.MANAGEMENT_PORT, "0");
    all.putAll(extra);
    return all;
  }

  /**
   * Runs {@link Main} in a child JVM: the fat jar when it has been built, else this test's class
   * path.
   */
  private static Outcome run(List<String> arguments, Map<String, String> settings)
      throws IOException, InterruptedException {
    List<String> command = MainCommand.of(List.of(), arguments);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("SWITCHBOARD_"));
    builder.environment().put(Config.DATA_DIR, Files.createTempDirectory(work, "data").toString());
    builder.environment().putAll(settings);
    File stdout = Files.createTempFile(work, "stdout", ".txt").toFile();
    File stderr = Files.createTempFile(work, "stderr", ".txt").toFile();
    builder.redirectOutput(stdout).redirectError(stderr);
    Process process = builder.start();
    if (!process.waitFor(PROCESS_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError(
          "still running after " + PROCESS_LIMIT + ": " + Files.readString(stdout.toPath()));
    }
    return new Outcome(
        process.exitValue(),
        Files.readString(stdout.toPath(), StandardCharsets.UTF_8),
        Files.readString(stderr.toPath(), StandardCharsets.UTF_8));
  }

  private record Outcome(int exitCode, String stdout, String stderr) {

    List<String> errorLines() {
      return stderr.lines().filter(line -> line.startsWith("switchboard: ")).toList();
    }
  }
}
