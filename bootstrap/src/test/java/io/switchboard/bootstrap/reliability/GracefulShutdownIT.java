package io.switchboard.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.FieldMask;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.switchboard.application.auth.ApiKeySecrets;
import io.switchboard.bootstrap.Config;
import io.switchboard.bootstrap.MainCommand;
import io.switchboard.bootstrap.PrometheusScrape;
import io.switchboard.bootstrap.TestEnvironment;
import io.switchboard.proto.v1.AvailableNumber;
import io.switchboard.proto.v1.Capabilities;
import io.switchboard.proto.v1.GetPhoneNumberRequest;
import io.switchboard.proto.v1.ImportNumbersRequest;
import io.switchboard.proto.v1.InventoryServiceGrpc;
import io.switchboard.proto.v1.Money;
import io.switchboard.proto.v1.NumberType;
import io.switchboard.proto.v1.PhoneNumber;
import io.switchboard.proto.v1.PhoneNumberRef;
import io.switchboard.proto.v1.PhoneNumberServiceGrpc;
import io.switchboard.proto.v1.PurchasePhoneNumberRequest;
import io.switchboard.proto.v1.UpdatePhoneNumberRequest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Case 5: the service as its own process. 100 UpdatePhoneNumber calls are held in flight (a test
 * connection holds the row locks of the numbers they update), then the process gets SIGTERM, and
 * the lock is released a second later. None of the 100 may fail, new calls must be refused, and the
 * process must exit 0 within its grace period.
 */
class GracefulShutdownIT {
  private static final int IN_FLIGHT = 100;

  /**
   * The calls are spread over ten locked numbers: queued on one row they would commit one after
   * another after the release, and on a loaded machine the last ones could outwait the pool's 5 s
   * connection timeout.
   */
  private static final int NUMBERS = 10;

  private static final Duration GRACE = Duration.ofSeconds(10);
  private static final Pattern LISTENING =
      Pattern.compile("gRPC on port (\\d+), HTTP on port (\\d+), .*, management on port (\\d+)");
  private static final String KEY = ApiKeySecrets.generate();

  @TempDir static Path work;

  private static EmbeddedPostgres database;
  private static Process process;
  private static File stdout;

  @BeforeAll
  static void createDatabase() throws java.io.IOException {
    // its own server: every one of the 100 calls gets a session of its own, more than the shared
    // server allows
    database =
        EmbeddedPostgres.builder()
            .setServerConfig("max_connections", "150")
            .setPGStartupWait(Duration.ofSeconds(60))
            .start();
  }

  @AfterAll
  static void cleanUp() throws InterruptedException, java.io.IOException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (stdout != null) {
      // the child's log, for whoever reads a failure of this test
      List<String> lines = output().lines().toList();
      lines
          .subList(Math.max(0, lines.size() - 60), lines.size())
          .forEach(l -> System.out.println("child> " + l));
    }
    if (database != null) {
      database.close();
    }
  }

  @Test
  void sigterm_lets_every_call_in_flight_finish_and_refuses_new_ones() throws Exception {
    int[] ports = startProcess();
    ManagedChannel channel = channel(ports[0]);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    try {
      List<PhoneNumber> numbers = new ArrayList<>();
      for (int n = 0; n < NUMBERS; n++) {
        numbers.add(buyNumber(channel, "+120844370" + (10 + n)));
      }
      PhoneNumberRef ref = PhoneNumberRef.newBuilder().setId(numbers.getFirst().getId()).build();
      try (Connection lock = database.getPostgresDatabase().getConnection();
          Connection observer = database.getPostgresDatabase().getConnection()) {
        lock.setAutoCommit(false);
        int warmedUp = warmUpPool(lock, observer, channel, numbers);
        lockRows(lock, numbers);
        var stub = PhoneNumberServiceGrpc.newFutureStub(channel);
        List<ListenableFuture<PhoneNumber>> calls = new ArrayList<>();
        for (int i = 1; i <= IN_FLIGHT; i++) {
          PhoneNumber number = numbers.get(i % NUMBERS);
          calls.add(
              stub.withDeadlineAfter(60, TimeUnit.SECONDS)
                  .updatePhoneNumber(ServiceUnderTest.voiceLimitUpdate(number.getId(), "", i)));
        }
        // genuinely in flight: the server has received all of them and the pool's sessions wait on
        // the lock
        long received =
            awaitReceived(http, ports[2], 2 * IN_FLIGHT) - IN_FLIGHT; // less the warm-up's
        int waitingOnLock = lockWaiters(observer);

        long sigterm = System.nanoTime();
        process.destroy();
        Thread.sleep(300);
        String newGrpcCall = newCall(ports[0], ref);
        String newHttpCall = newHttpCall(http, ports[1]);
        Thread.sleep(
            Math.max(0, 1000 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sigterm)));
        long released = System.nanoTime();
        lock.rollback();

        Map<String, Integer> outcomes = new TreeMap<>();
        for (ListenableFuture<PhoneNumber> call : calls) {
          try {
            call.get(2, TimeUnit.MINUTES);
            outcomes.merge("OK", 1, Integer::sum);
          } catch (ExecutionException e) {
            String code =
                e.getCause() instanceof StatusRuntimeException s
                    ? s.getStatus().getCode().name()
                    : e.getCause().toString();
            outcomes.merge(code, 1, Integer::sum);
          }
        }
        boolean exited = process.waitFor(GRACE.toSeconds() + 5, TimeUnit.SECONDS);
        long exitMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sigterm);
        int exitCode = exited ? process.exitValue() : -1;
        int committed = committedUpdates(observer, ids(numbers));

        ServiceUnderTest.figure(
            "graceful-shutdown",
            IN_FLIGHT
                + " UpdatePhoneNumber calls in flight (received by the "
                + "server "
                + received
                + ", pool warmed up to "
                + warmedUp
                + " sessions"
                + ", sessions waiting on the row lock "
                + waitingOnLock
                + "), SIGTERM, lock released "
                + TimeUnit.NANOSECONDS.toMillis(released - sigterm)
                + " ms later: "
                + outcomes
                + ", committed "
                + committed
                + "; a new gRPC call after SIGTERM: "
                + newGrpcCall
                + ", a new HTTP call: "
                + newHttpCall
                + "; process exited "
                + (exited ? "with " + exitCode : "NOT")
                + " "
                + exitMillis
                + " ms after SIGTERM (grace "
                + GRACE.toSeconds()
                + " s)");

        assertThat(received).isGreaterThanOrEqualTo(IN_FLIGHT);
        assertThat(waitingOnLock)
            .as("every call holds a session waiting on a row lock")
            .isEqualTo(IN_FLIGHT);
        assertThat(outcomes).as("none of the calls in flight failed").containsOnlyKeys("OK");
        assertThat(committed).isEqualTo(IN_FLIGHT);
        assertThat(newGrpcCall).isEqualTo("UNAVAILABLE");
        assertThat(newHttpCall).isIn("refused (connection refused)", "answered 503");
        assertThat(exited).as("exited within the grace period; output: %s", output()).isTrue();
        assertThat(exitMillis).isLessThan(GRACE.toMillis());
        assertThat(exitCode).isZero();
      }
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /**
   * Starts Main in a child JVM (the fat jar when built, else this test's class path) and reads its
   * ports.
   */
  private static int[] startProcess() throws Exception {
    List<String> command = MainCommand.of(List.of(), List.of());
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("SWITCHBOARD_"));
    builder
        .environment()
        .putAll(
            TestEnvironment.withTestDefaults(
                Map.of(
                    Config.DATABASE_URL,
                    database.getJdbcUrl("postgres", "postgres"),
                    Config.DATABASE_USER,
                    "postgres",
                    Config.DATABASE_POOL_SIZE,
                    Integer.toString(IN_FLIGHT + 10),
                    Config.SECRET_KEY,
                    Base64.getEncoder().encodeToString(new byte[32]),
                    Config.BOOTSTRAP_API_KEY,
                    KEY,
                    Config.GRPC_PORT,
                    "0",
                    Config.HTTP_PORT,
                    "0",
                    Config.SHUTDOWN_GRACE_SECONDS,
                    Long.toString(GRACE.toSeconds()),
                    Config.RATE_LIMIT_PER_SECOND,
                    "0",
                    Config.DATA_DIR,
                    Files.createTempDirectory(work, "data").toString())));
    stdout = Files.createTempFile(work, "out", ".txt").toFile();
    builder.redirectErrorStream(true).redirectOutput(stdout);
    process = builder.start();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < end && process.isAlive()) {
      Matcher m = LISTENING.matcher(output());
      if (m.find()) {
        return new int[] {
          Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))
        };
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the service did not start: " + output());
  }

  private static String output() {
    try {
      return Files.readString(stdout.toPath(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  private static ManagedChannel channel(int port) {
    Metadata auth = new Metadata();
    auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + KEY);
    return Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create())
        .intercept(MetadataUtils.newAttachHeadersInterceptor(auth))
        .build();
  }

  private static void lockRows(Connection lock, List<PhoneNumber> numbers) throws Exception {
    try (PreparedStatement select =
        lock.prepareStatement(
            "SELECT id FROM phone_numbers WHERE id = ANY (?::uuid[]) FOR UPDATE")) {
      select.setArray(1, lock.createArrayOf("varchar", ids(numbers)));
      select.executeQuery().close();
    }
  }

  /**
   * Has the pool open a session per call before the real run (it opens them one at a time, which on
   * a loaded machine can take longer than a caller waits for one): 100 updates wait on the locked
   * rows until the pool holds them all, then the lock goes and they finish. Their sessions stay in
   * the pool, idle. Returns how many were open.
   */
  private static int warmUpPool(
      Connection lock, Connection observer, ManagedChannel channel, List<PhoneNumber> numbers)
      throws Exception {
    lockRows(lock, numbers);
    var stub = PhoneNumberServiceGrpc.newFutureStub(channel);
    List<ListenableFuture<PhoneNumber>> calls = new ArrayList<>();
    for (int i = 1; i <= IN_FLIGHT; i++) {
      calls.add(
          stub.withDeadlineAfter(60, TimeUnit.SECONDS)
              .updatePhoneNumber(
                  UpdatePhoneNumberRequest.newBuilder()
                      .setPhoneNumber(
                          PhoneNumber.newBuilder()
                              .setId(numbers.get(i % NUMBERS).getId())
                              .setRouting(
                                  io.switchboard.proto.v1.Routing.newBuilder()
                                      .setLabel("warm-up " + i)))
                      .setUpdateMask(FieldMask.newBuilder().addPaths("routing.label"))
                      .build()));
    }
    int sessions = 0;
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (sessions < IN_FLIGHT && System.nanoTime() < end) {
      Thread.sleep(100);
      try (ResultSet rows =
          observer
              .createStatement()
              .executeQuery(
                  "SELECT count(*) FROM pg_stat_activity "
                      + "WHERE application_name = 'switchboard' AND wait_event_type = 'Lock'")) {
        rows.next();
        sessions = rows.getInt(1);
      }
    }
    lock.rollback();
    for (ListenableFuture<PhoneNumber> call : calls) {
      try {
        call.get(1, TimeUnit.MINUTES);
      } catch (ExecutionException ignored) {
        // a warm-up call may time out waiting for its session; the session it asked for still joins
        // the pool
      }
    }
    return sessions;
  }

  private static String[] ids(List<PhoneNumber> numbers) {
    return numbers.stream().map(PhoneNumber::getId).toArray(String[]::new);
  }

  private static PhoneNumber buyNumber(ManagedChannel channel, String number) {
    InventoryServiceGrpc.newBlockingStub(channel)
        .importNumbers(
            ImportNumbersRequest.newBuilder()
                .addNumbers(
                    AvailableNumber.newBuilder()
                        .setNumber(number)
                        .setType(NumberType.NUMBER_TYPE_LOCAL)
                        .setCapabilities(Capabilities.newBuilder().setVoice(true).setSms(true))
                        .setMonthlyFee(Money.newBuilder().setAmount("1.50").setCurrency("USD")))
                .build());
    return PhoneNumberServiceGrpc.newBlockingStub(channel)
        .purchasePhoneNumber(PurchasePhoneNumberRequest.newBuilder().setNumber(number).build());
  }

  /**
   * UpdatePhoneNumber requests the server has received, from its gRPC metrics; waits until all are
   * in.
   */
  private static long awaitReceived(HttpClient http, int managementPort, int expected)
      throws Exception {
    long received = 0;
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < end) {
      String metrics =
          http.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + managementPort + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      received =
          (long)
              new PrometheusScrape(metrics)
                  .sum(
                      "grpc_server_requests_received_messages_total",
                      "method=\"UpdatePhoneNumber\"");
      if (received >= expected) {
        return received;
      }
      Thread.sleep(50);
    }
    return received;
  }

  /** The service's sessions waiting on a lock, once all the calls wait (or after 10 s). */
  private static int lockWaiters(Connection observer) throws Exception {
    int waiting = 0;
    for (int attempt = 0; attempt < 200 && waiting < IN_FLIGHT; attempt++) {
      if (attempt > 0) {
        Thread.sleep(50);
      }
      try (ResultSet rows =
          observer
              .createStatement()
              .executeQuery(
                  "SELECT count(*) FROM pg_stat_activity "
                      + "WHERE datname = current_database() AND application_name = 'switchboard' AND wait_event_type = 'Lock'")) {
        rows.next();
        waiting = rows.getInt(1);
      }
    }
    return waiting;
  }

  private static String newCall(int grpcPort, PhoneNumberRef ref) throws InterruptedException {
    ManagedChannel fresh = channel(grpcPort);
    try {
      PhoneNumberServiceGrpc.newBlockingStub(fresh)
          .withDeadlineAfter(300, TimeUnit.MILLISECONDS)
          .getPhoneNumber(GetPhoneNumberRequest.newBuilder().setPhoneNumber(ref).build());
      return "OK";
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode().name();
    } finally {
      fresh.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static String newHttpCall(HttpClient http, int httpPort) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + httpPort + "/v1/phone-numbers"))
                  .timeout(Duration.ofMillis(300))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return "answered " + response.statusCode();
    } catch (java.net.ConnectException e) {
      return "refused (connection refused)";
    } catch (Exception e) {
      return "failed: " + e;
    }
  }

  private static int committedUpdates(Connection observer, String[] numberIds) throws Exception {
    try (PreparedStatement query =
        observer.prepareStatement(
            "SELECT count(*) FROM change_events "
                + "WHERE resource_id = ANY (?) AND action = 'updated' AND changes::text LIKE '%channel_settings.voice.channel_limit%'")) {
      query.setArray(1, observer.createArrayOf("varchar", numberIds));
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }
}
