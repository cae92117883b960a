package io.switchboard.rest.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.switchboard.persistence.testing.TestApplication;
import io.switchboard.rest.testing.OpenApiContract;
import io.switchboard.rest.voiceos.DialectTestServer;
import io.switchboard.rest.voiceos.DialectTestServer.Reply;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code /openapi/{dialect}.json} serves each document as written, and {@code /docs} renders every
 * operation of each in a real headless Chromium (Debian's {@code chromium}, installed by {@code
 * .ci/run}; another binary can be named with {@code SWITCHBOARD_TEST_CHROMIUM}). The page loads
 * Swagger UI from the service itself; a page that needed a CDN would render nothing here, as the
 * browser's network is the loopback server only.
 */
class ApiDocsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** A loaded machine renders slowly; the budget is generous and a setting. */
  private static final int BROWSER_SECONDS =
      Integer.parseInt(
          System.getenv().getOrDefault("SWITCHBOARD_TEST_BROWSER_TIMEOUT_SECONDS", "120"));

  static TestApplication app;
  static DialectTestServer http;

  @BeforeAll
  static void start() {
    app = TestApplication.start(ApiDocsIT.class);
    http = DialectTestServer.startRestApi(app.useCases(), app.clock());
  }

  @AfterAll
  static void stop() {
    http.close();
    app.close();
  }

  private static JsonNode document(OpenApiContract.Document d) throws IOException {
    return YAML.readTree(OpenApiContract.yaml(d));
  }

  private static List<String> operationIds(JsonNode document) {
    List<String> ids = new ArrayList<>();
    document
        .get("paths")
        .forEach(item ->
            item.properties()
                .forEach(op -> {
                  if (op.getValue().has("operationId")) {
                    ids.add(op.getValue().get("operationId").asText());
                  }
                }));
    return ids;
  }

  @ParameterizedTest
  @EnumSource(OpenApiContract.Document.class)
  void each_document_is_served_as_json_without_a_token(OpenApiContract.Document d)
      throws IOException {
    Reply reply = http.get("/openapi/" + d.fileName() + ".json", null);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Content-Type").orElseThrow()).startsWith("application/json");
    assertThat(reply.body()).isEqualTo(document(d));
  }

  @ParameterizedTest
  @EnumSource(OpenApiContract.Document.class)
  void docs_render_every_operation_of_each_document_in_chromium(OpenApiContract.Document d)
      throws Exception {
    JsonNode document = document(d);
    List<String> ids = operationIds(document);
    assertThat(ids).isNotEmpty();
    String title = document.at("/info/title").asText();
    String name =
        switch (d) {
          case MINDHUNTERS -> "Mindhunters";
          case VOICEOS -> "VoiceOS";
          case AGENTMESSAGE -> "AgentMessage";
        };
    String dom = renderedDom("http://127.0.0.1:" + http.port() + "/docs?urls.primaryName=" + name);
    assertThat(dom).as("the rendered page shows the %s document's title", name).contains(title);
    for (String id : ids) {
      assertThat(dom)
          .as("operation %s of %s is rendered", id, name)
          .containsPattern("opblock-summary-operation-id[^>]*>" + id + "<");
    }
    assertThat(dom.split("class=\"opblock opblock-", -1).length - 1)
        .as("one operation block per documented operation")
        .isEqualTo(ids.size());
  }

  /** The DOM after the page's scripts ran and fetched the document: Chromium's --dump-dom. */
  private static String renderedDom(String url) throws Exception {
    String chromium = chromium();
    Path profile = Files.createTempDirectory("sb-chromium");
    try {
      List<String> command =
          List.of(
              chromium,
              "--headless",
              "--no-sandbox",
              "--disable-gpu",
              "--disable-quic",
              "--no-first-run",
              "--disable-background-networking",
              "--disable-component-update",
              "--disable-sync",
              "--disable-dev-shm-usage",
              "--user-data-dir=" + profile,
              "--virtual-time-budget=30000",
              "--dump-dom",
              url);
      Path out = profile.resolve("dom.html");
      Path err = profile.resolve("stderr.txt");
      Process process =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!process.waitFor(BROWSER_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(
            "chromium did not finish rendering "
                + url
                + " within "
                + BROWSER_SECONDS
                + " s (SWITCHBOARD_TEST_BROWSER_TIMEOUT_SECONDS)");
      }
      String dom = Files.readString(out, StandardCharsets.UTF_8);
      assertThat(process.exitValue())
          .as("chromium exit status; stderr: %s", Files.readString(err))
          .isZero();
      return dom;
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  private static String chromium() {
    String configured = System.getenv("SWITCHBOARD_TEST_CHROMIUM");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
      if (new File(candidate).canExecute()) {
        return candidate;
      }
    }
    throw new AssertionError(
        "ApiDocsIT needs Chromium: install Debian's `chromium` (bash .ci/run does) or name the "
            + "binary in SWITCHBOARD_TEST_CHROMIUM");
  }
}
