package io.switchboard.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.application.auth.ApiKeySecrets;
import io.switchboard.persistence.testing.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real process with {@code SWITCHBOARD_LOG_FORMAT=json}: every line it writes on stdout is one
 * JSON object, the access log names door, route, status, request id and trace id, and no secret
 * shows; {@code SWITCHBOARD_ACCESS_LOG=false} leaves the access log out.
 */
class JsonLogsIT {

  private static final Duration WAIT =
      Duration.ofSeconds(Long.getLong("switchboard.test.processWaitSeconds", 60));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern HTTP_PORT = Pattern.compile("HTTP on port (\\d+)");
  private static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir static Path work;

  private static TestDatabase database;

  @BeforeAll
  static void createDatabase() {
    database = TestDatabase.createFresh(JsonLogsIT.class);
  }

  @AfterAll
  static void dropDatabase() {
    if (database != null) {
      database.close();
    }
  }

  @Test
  void every_line_is_a_json_object_and_each_request_writes_one_access_line() throws Exception {
    String apiKey = ApiKeySecrets.generate();
    String requestId = "json-logs-" + UUID.randomUUID();
    List<String> lines =
        runAndRequest(
            Map.of(Config.LOG_FORMAT, "json", Config.BOOTSTRAP_API_KEY, apiKey), apiKey, requestId);

    List<JsonNode> objects = new ArrayList<>();
    for (String line : lines) {
      JsonNode json = JSON.readTree(line);
      assertThat(json.isObject()).as("one JSON object per line: %s", line).isTrue();
      assertThat(
              json.has("timestamp")
                  && json.has("level")
                  && json.has("logger")
                  && json.has("message"))
          .as("timestamp, level, logger and message in %s", line)
          .isTrue();
      objects.add(json);
    }
    assertThat(objects)
        .anySatisfy(
            json -> assertThat(json.get("message").asText()).contains("Switchboard listening"));
    List<JsonNode> access =
        objects.stream()
            .filter(json ->
                json.get("logger").asText().equals("io.switchboard.access")
                    && requestId.equals(json.path("request_id").asText()))
            .toList();
    assertThat(access).hasSize(1);
    JsonNode line = access.getFirst();
    assertThat(line.get("level").asText()).isEqualTo("INFO");
    assertThat(line.get("door").asText()).isEqualTo("http");
    assertThat(line.get("method").asText()).isEqualTo("GET /api/v1/phone-numbers");
    assertThat(line.get("status").asText()).isEqualTo("200");
    assertThat(line.get("trace_id").asText()).matches("[0-9a-f]{32}");
    assertThat(line.get("duration_ms").asText()).matches("\\d+\\.\\d{3}");
    assertThat(String.join("\n", lines)).as("the API key never shows").doesNotContain(apiKey);
  }

  @Test
  void the_access_log_can_be_turned_off() throws Exception {
    String apiKey = ApiKeySecrets.generate();
    List<String> lines =
        runAndRequest(
            Map.of(
                Config.LOG_FORMAT,
                "json",
                Config.ACCESS_LOG,
                "false",
                Config.BOOTSTRAP_API_KEY,
                apiKey),
            apiKey,
            "json-logs-off");

    assertThat(lines).isNotEmpty().noneMatch(line -> line.contains("\"io.switchboard.access\""));
  }

  /**
   * Starts {@link Main}, sends one authenticated REST request, stops it with SIGTERM and returns
   * its stdout lines.
   */
  private static List<String> runAndRequest(
      Map<String, String> settings, String apiKey, String requestId)
      throws IOException, InterruptedException {
    // the service's own logging configuration, not the tests' (which this class path would prefer)
    List<String> command =
        MainCommand.of(
            List.of(
                "-Dlogback.configurationFile="
                    + Path.of("target", "classes", "logback.xml").toAbsolutePath()),
            List.of());
    ProcessBuilder builder = new ProcessBuilder(command);
    builder
        .environment()
        .keySet()
        .removeIf(name -> name.startsWith("SWITCHBOARD_") || name.startsWith("OTEL_"));
    Map<String, String> environment =
        new HashMap<>(
            Map.of(
                Config.DATABASE_URL, database.jdbcUrl(),
                Config.DATABASE_USER, database.user(),
                Config.SECRET_KEY, Base64.getEncoder().encodeToString(new byte[32]),
                Config.DATA_DIR, Files.createTempDirectory(work, "data").toString(),
                Config.GRPC_PORT, "0",
                Config.HTTP_PORT, "0"));
    if (database.password() != null) {
      environment.put(Config.DATABASE_PASSWORD, database.password());
    }
    environment.putAll(settings);
    builder.environment().putAll(TestEnvironment.withTestDefaults(environment));
    File stdout = Files.createTempFile(work, "stdout", ".txt").toFile();
    File stderr = Files.createTempFile(work, "stderr", ".txt").toFile();
    builder.redirectOutput(stdout).redirectError(stderr);
    Process process = builder.start();
    try {
      int[] port = new int[1];
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(200))
          .until(() -> {
            Matcher m =
                HTTP_PORT.matcher(Files.readString(stdout.toPath(), StandardCharsets.UTF_8));
            if (m.find()) {
              port[0] = Integer.parseInt(m.group(1));
              return true;
            }
            assertThat(process.isAlive())
                .as("still running; stderr: %s", Files.readString(stderr.toPath()))
                .isTrue();
            return false;
          });
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + port[0] + "/api/v1/phone-numbers"))
                  .header("Authorization", "Bearer " + apiKey)
                  .header("X-Request-Id", requestId)
                  .timeout(Duration.ofSeconds(20))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      process.destroy(); // SIGTERM: an orderly stop flushes and writes its own lines
      assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS))
          .as("stopped on SIGTERM")
          .isTrue();
    } finally {
      process.destroyForcibly().waitFor();
    }
    assertThat(Files.readString(stderr.toPath(), StandardCharsets.UTF_8))
        .as("stderr")
        .doesNotContain("Exception", "\tat ");
    return Files.readAllLines(stdout.toPath(), StandardCharsets.UTF_8).stream()
        .filter(l -> !l.isBlank())
        .toList();
  }
}
