package io.switchboard.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.MetadataUtils;
import io.switchboard.application.auth.ApiKeySecrets;
import io.switchboard.persistence.testing.TestDatabase;
import io.switchboard.proto.v1.ListPhoneNumbersRequest;
import io.switchboard.proto.v1.PhoneNumberServiceGrpc;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard and the Prometheus alerting rules under {@code deploy/observability} name
 * only metrics a running Switchboard exports: the service is started on loopback against a fresh
 * database, called over gRPC and REST so every timer has a series, scraped, and every metric name
 * in every PromQL expression is looked up in the scrape. {@code promtool check rules} (in .ci/run)
 * checks the rules' syntax.
 */
class ObservabilityMetricsIT {

  /**
   * Names the dashboard and rules may use before this build exports them (while a branch that adds
   * them is pending). The test fails once one of them is exported, so it is removed from here as
   * soon as it is real.
   */
  private static final Set<String> PENDING_MERGE = Set.of();

  /** Series Prometheus makes itself for every scrape target. */
  private static final Set<String> PROMETHEUS_SERIES = Set.of("up");

  private static final Path OBSERVABILITY =
      Path.of("..", "deploy", "observability").toAbsolutePath().normalize();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * Generous: the first scrape after the calls has every series within milliseconds on a quiet
   * machine.
   */
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir static Path dataDir;

  private static TestDatabase database;
  private static Switchboard switchboard;
  private static ManagedChannel channel;
  private static String apiKey;

  @BeforeAll
  static void start() {
    database = TestDatabase.createFresh(ObservabilityMetricsIT.class);
    apiKey = ApiKeySecrets.generate();
    switchboard =
        Switchboard.start(
            Config.fromEnvironment(
                TestEnvironment.withTestDefaults(
                    Map.of(
                        Config.DATABASE_URL,
                        database.jdbcUrl(),
                        Config.DATABASE_USER,
                        database.user(),
                        Config.DATABASE_PASSWORD,
                        database.password() == null ? "" : database.password(),
                        Config.SECRET_KEY,
                        Base64.getEncoder().encodeToString(new byte[32]),
                        Config.BOOTSTRAP_API_KEY,
                        apiKey,
                        Config.DATA_DIR,
                        dataDir.toString(),
                        Config.GRPC_PORT,
                        "0",
                        Config.HTTP_PORT,
                        "0"))));
    channel =
        Grpc.newChannelBuilderForAddress(
                "127.0.0.1", switchboard.grpcPort(), InsecureChannelCredentials.create())
            .build();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (switchboard != null) {
      switchboard.shutdown();
    }
    if (database != null) {
      database.close();
    }
  }

  @Test
  void the_dashboard_and_the_rules_name_only_exported_metrics() throws Exception {
    exerciseBothDoors();
    Set<String> exported =
        await()
            .atMost(WAIT)
            .until(
                ObservabilityMetricsIT::exportedMetrics,
                names ->
                    names.contains("grpc_server_processing_duration_seconds_bucket")
                        && names.contains("hikaricp_connections_active")
                        && names.contains("jvm_gc_pause_seconds_sum"));

    Map<String, Set<String>> used = new TreeMap<>();
    used.put("grafana-dashboard.json", metricNames(dashboardExpressions()));
    used.put("prometheus-rules.yaml", metricNames(ruleExpressions()));

    for (var file : used.entrySet()) {
      Set<String> unknown = new TreeSet<>(file.getValue());
      unknown.removeAll(exported);
      unknown.removeAll(PROMETHEUS_SERIES);
      unknown.removeAll(PENDING_MERGE);
      assertThat(unknown)
          .as("metrics %s names that the service does not export", file.getKey())
          .isEmpty();
      assertThat(file.getValue())
          .as("%s covers gRPC, the pool and the JVM", file.getKey())
          .anyMatch(name -> name.startsWith("grpc_server_"))
          .anyMatch(name -> name.startsWith("hikaricp_"))
          .anyMatch(name -> name.startsWith("jvm_"));
    }
    Set<String> nowExported = new TreeSet<>(PENDING_MERGE);
    nowExported.retainAll(exported);
    assertThat(nowExported).as("exported now: remove them from PENDING_MERGE").isEmpty();
  }

  @Test
  void every_rule_alerts_with_a_severity_and_a_summary() throws IOException {
    JsonNode groups =
        new YAMLMapper()
            .readTree(OBSERVABILITY.resolve("prometheus-rules.yaml").toFile())
            .path("groups");
    List<String> alerts = new ArrayList<>();
    for (JsonNode group : groups) {
      for (JsonNode rule : group.path("rules")) {
        alerts.add(rule.path("alert").asText());
        assertThat(rule.path("labels").path("severity").asText())
            .as("severity of %s", rule.path("alert"))
            .isIn("page", "ticket");
        assertThat(rule.path("annotations").path("summary").asText()).isNotBlank();
      }
    }
    assertThat(alerts)
        .contains(
            "SwitchboardReplicaDown",
            "SwitchboardGrpcErrorRatio",
            "SwitchboardGrpcLatencyP99",
            "SwitchboardDatabasePoolExhausted");
  }

  @Test
  void metric_names_are_told_apart_from_functions_labels_and_variables() {
    assertThat(
            metricNames(
                List.of(
                    "histogram_quantile(0.99, sum by (le, service) (rate(a_seconds_bucket{job=~\"$job\", x=\"y z\"}[$__rate_interval])))",
                    "sum without (instance) (increase(b_total[5m])) / on(pool) group_left c_max > 0.9 and d == 1e3",
                    "label_values(e_seconds{job=~\"$job\"}, instance)",
                    "label_values(job)",
                    "up{job=~\"switchboard.*\"} == 0")))
        .containsExactlyInAnyOrder("a_seconds_bucket", "b_total", "c_max", "d", "e_seconds", "up");
  }

  // --- the running service ---

  private static void exerciseBothDoors() throws Exception {
    HealthGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance());
    Metadata authorization = new Metadata();
    authorization.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + apiKey);
    PhoneNumberServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(authorization))
        .listPhoneNumbers(ListPhoneNumbersRequest.getDefaultInstance());
    assertThatThrownBy(() ->
            PhoneNumberServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .listPhoneNumbers(ListPhoneNumbersRequest.getDefaultInstance()))
        .isInstanceOf(StatusRuntimeException.class);
    HttpResponse<String> rest =
        HTTP.send(
            HttpRequest.newBuilder(uri("/api/v1/phone-numbers?per_page=1"))
                .header("Authorization", "Bearer " + apiKey)
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(rest.statusCode()).isEqualTo(200);
    // the service runs in this JVM: JvmGcMetrics registers its pause timer at the first collection
    System.gc();
  }

  /**
   * The metric names of one scrape, as Prometheus stores them (histogram series with their
   * suffixes).
   */
  private static Set<String> exportedMetrics() throws IOException, InterruptedException {
    HttpResponse<String> scrape =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + switchboard.managementPort() + "/metrics"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(scrape.statusCode()).isEqualTo(200);
    Set<String> names = new TreeSet<>();
    scrape
        .body()
        .lines()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .map(line -> line.split("[{ ]", 2)[0])
        .forEach(names::add);
    return names;
  }

  private static URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + switchboard.httpPort() + pathAndQuery);
  }

  // --- the files ---

  private static List<String> dashboardExpressions() throws IOException {
    JsonNode dashboard =
        new ObjectMapper()
            .readTree(Files.readString(OBSERVABILITY.resolve("grafana-dashboard.json")));
    List<String> expressions = new ArrayList<>();
    collect(dashboard, expressions);
    assertThat(expressions).as("PromQL in the dashboard").hasSizeGreaterThan(10);
    return expressions;
  }

  /**
   * Every panel target's {@code expr} and every template variable's query, wherever they are
   * nested.
   */
  private static void collect(JsonNode node, List<String> expressions) {
    if (node.isObject()) {
      node.properties()
          .forEach(field -> {
            if (field.getValue().isTextual()
                && (field.getKey().equals("expr")
                    || field.getKey().equals("query")
                        && field.getValue().asText().startsWith("label_values"))) {
              expressions.add(field.getValue().asText());
            } else {
              collect(field.getValue(), expressions);
            }
          });
    } else if (node.isArray()) {
      node.forEach(element -> collect(element, expressions));
    }
  }

  private static List<String> ruleExpressions() throws IOException {
    JsonNode rules =
        new YAMLMapper().readTree(OBSERVABILITY.resolve("prometheus-rules.yaml").toFile());
    List<String> expressions = new ArrayList<>();
    rules
        .path("groups")
        .forEach(group ->
            group.path("rules").forEach(rule -> expressions.add(rule.path("expr").asText())));
    assertThat(expressions).as("rules").isNotEmpty().doesNotContain("");
    return expressions;
  }

  // --- PromQL, enough of it to find the metric names ---

  private static final Pattern LABEL_VALUES =
      Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)?");
  private static final Pattern STRINGS =
      Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "bool",
          "offset",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "inf",
          "nan",
          "Inf",
          "NaN");

  static Set<String> metricNames(List<String> expressions) {
    Set<String> names = new TreeSet<>();
    for (String expression : expressions) {
      Matcher labelValues = LABEL_VALUES.matcher(expression);
      if (labelValues.lookingAt()) {
        // Grafana's label_values(metric{...}, label) or label_values(label): only a metric is a
        // metric
        if (labelValues.group(1) != null
            && expression.substring(labelValues.end()).matches("(?s)\\s*[{,].*")) {
          names.add(labelValues.group(1));
        }
        continue;
      }
      String rest = STRINGS.matcher(expression).replaceAll(" ");
      rest = rest.replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^]]*]", " ");
      rest = GROUPING.matcher(rest).replaceAll(" ");
      rest = rest.replaceAll("\\$\\{?\\w+}?", " ");
      rest = rest.replaceAll("(?<![a-zA-Z_:0-9])[0-9][0-9.]*(?:[eE][-+]?[0-9]+)?", " ");
      Matcher identifier = IDENTIFIER.matcher(rest);
      while (identifier.find()) {
        String name = identifier.group();
        boolean function = rest.substring(identifier.end()).stripLeading().startsWith("(");
        if (!function && !KEYWORDS.contains(name)) {
          names.add(name);
        }
      }
    }
    return names;
  }
}
