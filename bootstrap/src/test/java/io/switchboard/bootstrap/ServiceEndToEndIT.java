package io.switchboard.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.switchboard.persistence.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole service, started as {@link Main} starts it, on random free ports against a fresh
 * PostgreSQL database.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceEndToEndIT {

  private static final Duration GRACE = Duration.ofSeconds(5);

  @TempDir static Path dataDir;

  private static TestDatabase database;
  private static Switchboard switchboard;
  private static ManagedChannel channel;
  private static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @BeforeAll
  static void start() {
    database = TestDatabase.createFresh(ServiceEndToEndIT.class);
    Config config =
        Config.fromEnvironment(
            Map.of(
                Config.DATABASE_URL,
                database.jdbcUrl(),
                Config.DATABASE_USER,
                database.user(),
                Config.DATABASE_PASSWORD,
                database.password() == null ? "" : database.password(),
                Config.SECRET_KEY,
                Base64.getEncoder().encodeToString(new byte[32]),
                Config.DATA_DIR,
                dataDir.toString(),
                Config.GRPC_PORT,
                "0",
                Config.HTTP_PORT,
                "0",
                Config.MANAGEMENT_PORT,
                "0",
                Config.SHUTDOWN_DRAIN_SECONDS,
                "0",
                Config.SHUTDOWN_GRACE_SECONDS,
                String.valueOf(GRACE.toSeconds())));
    switchboard = Switchboard.start(config);
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
  @Order(1)
  void grpc_health_answers_serving() {
    HealthCheckResponse response =
        HealthGrpc.newBlockingStub(channel)
            .withDeadlineAfter(5, TimeUnit.SECONDS)
            .check(HealthCheckRequest.getDefaultInstance());

    assertThat(response.getStatus()).isEqualTo(ServingStatus.SERVING);
  }

  @Test
  @Order(2)
  void liveness_readiness_and_database_answer_200_on_the_management_port() throws Exception {
    assertThat(management("/health/live").statusCode()).isEqualTo(200);
    HttpResponse<String> ready = management("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).isEqualTo("ready");
    HttpResponse<String> database = management("/health/database");
    assertThat(database.statusCode()).isEqualTo(200);
    assertThat(database.body()).isEqualTo("database up");
  }

  @Test
  @Order(2)
  void health_and_metrics_are_not_served_on_the_public_rest_port() throws Exception {
    StringBuilder figure = new StringBuilder();
    for (String path : List.of("/metrics", "/health/live", "/health/ready", "/health/database")) {
      int onRest = get(path).statusCode();
      int onManagement = management(path).statusCode();
      assertThat(onRest).as("GET %s on the REST port", path).isEqualTo(404);
      assertThat(onManagement).as("GET %s on the management port", path).isEqualTo(200);
      figure.append(
          String.format(
              "GET %s on the REST port: %d; on the management port: %d. ",
              path, onRest, onManagement));
    }
    assertThat(switchboard.managementPort())
        .isNotIn(switchboard.httpPort(), switchboard.grpcPort());
    System.out.println("RELIABILITY management-port: " + figure.toString().strip());
  }

  @Test
  @Order(3)
  void metrics_show_jvm_and_grpc_server_metrics() throws Exception {
    HttpResponse<String> before = management("/metrics");
    assertThat(before.statusCode()).isEqualTo(200);
    assertThat(before.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    assertThat(before.body())
        .contains(
            "jvm_memory_used_bytes",
            "jvm_gc_",
            "jvm_threads_live_threads",
            "jvm_classes_loaded_classes",
            "system_cpu_count",
            "process_uptime_seconds",
            "hikaricp_connections");

    HealthGrpc.newBlockingStub(channel)
        .withDeadlineAfter(5, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance());

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() ->
            assertThat(management("/metrics").body())
                .contains("grpc_server_processing_duration_seconds_count{")
                .containsPattern(
                    "grpc_server_processing_duration_seconds_count\\{[^}]*method=\"Check\"[^}]*statusCode=\"OK\""));
  }

  @Test
  @Order(4)
  void jetty_error_pages_never_show_stack_traces() throws IOException {
    String response =
        rawHttp("GET /%zz%00 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 400");
    assertThat(response).doesNotContain("\tat ", "at org.", "at io.", "Exception", "Caused by");
  }

  @Test
  @Order(5)
  void unknown_paths_are_404() throws Exception {
    assertThat(get("/no/such/thing").statusCode()).isEqualTo(404);
  }

  @Test
  @Order(100)
  void sigterm_style_shutdown_reports_not_serving_drains_and_releases_the_ports() throws Exception {
    int grpcPort = switchboard.grpcPort();
    int httpPort = switchboard.httpPort();
    int managementPort = switchboard.managementPort();
    List<ServingStatus> watched = new CopyOnWriteArrayList<>();
    HealthGrpc.newStub(channel)
        .watch(
            HealthCheckRequest.getDefaultInstance(),
            new ClientResponseObserver<HealthCheckRequest, HealthCheckResponse>() {
              private ClientCallStreamObserver<HealthCheckRequest> call;

              @Override
              public void beforeStart(ClientCallStreamObserver<HealthCheckRequest> requestStream) {
                call = requestStream;
              }

              @Override
              public void onNext(HealthCheckResponse response) {
                watched.add(response.getStatus());
                if (response.getStatus() == ServingStatus.NOT_SERVING) {
                  // a well-behaved client leaves once told, so the server can drain without waiting
                  // out the grace period
                  call.cancel("server is going away", null);
                }
              }

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onCompleted() {}
            });
    await().atMost(Duration.ofSeconds(5)).until(() -> watched.contains(ServingStatus.SERVING));

    long started = System.nanoTime();
    boolean drained = switchboard.shutdown();
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(drained).as("every call in flight finished").isTrue();
    assertThat(took).isLessThan(GRACE);
    assertThat(watched).containsSubsequence(ServingStatus.SERVING, ServingStatus.NOT_SERVING);
    assertPortIsFree(grpcPort);
    assertPortIsFree(httpPort);
    assertPortIsFree(managementPort);
  }

  private static void assertPortIsFree(int port) throws IOException {
    try (ServerSocket socket = new ServerSocket(port)) {
      assertThat(socket.getLocalPort()).isEqualTo(port);
    }
  }

  private static URI url(String path) {
    return URI.create("http://127.0.0.1:" + switchboard.httpPort() + path);
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(5)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> management(String path)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + switchboard.managementPort() + path))
            .timeout(Duration.ofSeconds(5))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String rawHttp(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", switchboard.httpPort())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
