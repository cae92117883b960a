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
import io.switchboard.bootstrap.Config;
import io.switchboard.bootstrap.Main;
import io.switchboard.persistence.testing.TestDatabase;
import io.switchboard.proto.v1.AvailableNumber;
import io.switchboard.proto.v1.Capabilities;
import io.switchboard.proto.v1.ChannelSettings;
import io.switchboard.proto.v1.GetPhoneNumberRequest;
import io.switchboard.proto.v1.ImportNumbersRequest;
import io.switchboard.proto.v1.InventoryServiceGrpc;
import io.switchboard.proto.v1.Money;
import io.switchboard.proto.v1.NumberType;
import io.switchboard.proto.v1.OutboundChannel;
import io.switchboard.proto.v1.PhoneNumber;
import io.switchboard.proto.v1.PhoneNumberRef;
import io.switchboard.proto.v1.PhoneNumberServiceGrpc;
import io.switchboard.proto.v1.PurchasePhoneNumberRequest;
import io.switchboard.proto.v1.UpdatePhoneNumberRequest;
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
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Case 5: the service as its own process. 100 UpdatePhoneNumber calls are held in flight (a test connection holds the
 * number's row lock), then the process gets SIGTERM, and the lock is released a second later. None of the 100 may
 * fail, new calls must be refused, and the process must exit 0 within its grace period.
 */
class GracefulShutdownIT {
  private static final int IN_FLIGHT = 100;
  private static final Duration GRACE = Duration.ofSeconds(10);
  private static final Pattern LISTENING = Pattern.compile("gRPC on port (\\d+), HTTP on port (\\d+)");
  private static final String KEY = "sb_live_shutdown_" + UUID.randomUUID();

  @TempDir
  static Path work;

  private static TestDatabase database;
  private static Process process;
  private static File stdout;

  @BeforeAll
  static void createDatabase() {
    database = TestDatabase.createFresh(GracefulShutdownIT.class);
  }

  @AfterAll
  static void cleanUp() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
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
      PhoneNumber number = buyNumber(channel);
      PhoneNumberRef ref = PhoneNumberRef.newBuilder().setId(number.getId()).build();
      try (Connection lock = database.openConnection(); Connection observer = database.openConnection()) {
        lock.setAutoCommit(false);
        try (PreparedStatement select = lock.prepareStatement("SELECT id FROM phone_numbers WHERE id = ?::uuid FOR UPDATE")) {
          select.setString(1, number.getId());
          select.executeQuery().close();
        }
        var stub = PhoneNumberServiceGrpc.newFutureStub(channel);
        List<ListenableFuture<PhoneNumber>> calls = new ArrayList<>();
        for (int i = 1; i <= IN_FLIGHT; i++) {
          calls.add(stub.withDeadlineAfter(60, TimeUnit.SECONDS).updatePhoneNumber(UpdatePhoneNumberRequest.newBuilder()
              .setPhoneNumber(PhoneNumber.newBuilder().setId(number.getId()).setChannelSettings(ChannelSettings.newBuilder()
                  .setVoice(OutboundChannel.newBuilder().setChannelLimit(i))))
              .setUpdateMask(FieldMask.newBuilder().addPaths("channel_settings.voice.channel_limit"))
              .build()));
        }
        // genuinely in flight: the server has received all of them and the pool's sessions wait on the lock
        long received = awaitReceived(http, ports[1]);
        int waitingOnLock = lockWaiters(observer);

        long sigterm = System.nanoTime();
        process.destroy();
        Thread.sleep(1000);
        String newGrpcCall = newCall(ports[0], ref);
        String newHttpCall = newHttpCall(http, ports[1]);
        lock.rollback();

        Map<String, Integer> outcomes = new TreeMap<>();
        for (ListenableFuture<PhoneNumber> call : calls) {
          try {
            call.get(2, TimeUnit.MINUTES);
            outcomes.merge("OK", 1, Integer::sum);
          } catch (ExecutionException e) {
            String code = e.getCause() instanceof StatusRuntimeException s ? s.getStatus().getCode().name() : e.getCause().toString();
            outcomes.merge(code, 1, Integer::sum);
          }
        }
        boolean exited = process.waitFor(GRACE.toSeconds() + 5, TimeUnit.SECONDS);
        long exitMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sigterm);
        int exitCode = exited ? process.exitValue() : -1;
        int committed = committedUpdates(observer, number.getId());

        ServiceUnderTest.figure("graceful-shutdown", IN_FLIGHT + " UpdatePhoneNumber calls in flight (received by the "
            + "server " + received + ", sessions waiting on the row lock " + waitingOnLock + "), SIGTERM, lock released "
            + "1 s later: " + outcomes + ", committed " + committed + "; a new gRPC call after SIGTERM: " + newGrpcCall
            + ", a new HTTP call: " + newHttpCall + "; process exited " + (exited ? "with " + exitCode : "NOT") + " "
            + exitMillis + " ms after SIGTERM (grace " + GRACE.toSeconds() + " s)");

        assertThat(received).isGreaterThanOrEqualTo(IN_FLIGHT);
        assertThat(waitingOnLock).isPositive();
        assertThat(outcomes).as("none of the calls in flight failed").containsOnlyKeys("OK");
        assertThat(committed).isEqualTo(IN_FLIGHT);
        assertThat(newGrpcCall).isEqualTo("UNAVAILABLE");
        assertThat(newHttpCall).startsWith("refused");
        assertThat(exited).as("exited within the grace period; output: %s", output()).isTrue();
        assertThat(exitMillis).isLessThan(GRACE.toMillis());
        assertThat(exitCode).isZero();
      }
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** Starts Main in a child JVM (the fat jar when built, else this test's class path) and reads its ports. */
  private static int[] startProcess() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path fatJar = Path.of("target", "switchboard.jar");
    List<String> command = new ArrayList<>(List.of(java));
    if (Files.isRegularFile(fatJar)) {
      command.addAll(List.of("-jar", fatJar.toString()));
    } else {
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    }
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("SWITCHBOARD_"));
    builder.environment().putAll(Map.of(
        Config.DATABASE_URL, database.jdbcUrl(),
        Config.DATABASE_USER, database.user(),
        Config.SECRET_KEY, Base64.getEncoder().encodeToString(new byte[32]),
        Config.BOOTSTRAP_API_KEY, KEY,
        Config.GRPC_PORT, "0",
        Config.HTTP_PORT, "0",
        Config.SHUTDOWN_GRACE_SECONDS, Long.toString(GRACE.toSeconds()),
        Config.RATE_LIMIT_PER_SECOND, "0",
        Config.DATA_DIR, Files.createTempDirectory(work, "data").toString()));
    if (database.password() != null) {
      builder.environment().put(Config.DATABASE_PASSWORD, database.password());
    }
    stdout = Files.createTempFile(work, "out", ".txt").toFile();
    builder.redirectErrorStream(true).redirectOutput(stdout);
    process = builder.start();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < end && process.isAlive()) {
      Matcher m = LISTENING.matcher(output());
      if (m.find()) {
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
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

  private static PhoneNumber buyNumber(ManagedChannel channel) {
    String number = "+12084437001";
    InventoryServiceGrpc.newBlockingStub(channel).importNumbers(ImportNumbersRequest.newBuilder()
        .addNumbers(AvailableNumber.newBuilder().setNumber(number).setType(NumberType.NUMBER_TYPE_LOCAL)
            .setCapabilities(Capabilities.newBuilder().setVoice(true).setSms(true))
            .setMonthlyFee(Money.newBuilder().setAmount("1.50").setCurrency("USD")))
        .build());
    return PhoneNumberServiceGrpc.newBlockingStub(channel)
        .purchasePhoneNumber(PurchasePhoneNumberRequest.newBuilder().setNumber(number).build());
  }

  /** UpdatePhoneNumber requests the server has received, from its gRPC metrics; waits until all are in. */
  private static long awaitReceived(HttpClient http, int httpPort) throws Exception {
    long received = 0;
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < end) {
      String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      received = metrics.lines()
          .filter(l -> l.startsWith("grpc_server_requests_received") && l.contains("method=\"UpdatePhoneNumber\""))
          .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
      if (received >= IN_FLIGHT) {
        return received;
      }
      Thread.sleep(50);
    }
    return received;
  }

  private static int lockWaiters(Connection observer) throws Exception {
    for (int attempt = 0; attempt < 100; attempt++) {
      try (ResultSet rows = observer.createStatement().executeQuery("SELECT count(*) FROM pg_stat_activity "
          + "WHERE datname = current_database() AND application_name = 'switchboard' AND wait_event_type = 'Lock'")) {
        rows.next();
        if (rows.getInt(1) > 0) {
          return rows.getInt(1);
        }
      }
      Thread.sleep(50);
    }
    return 0;
  }

  private static String newCall(int grpcPort, PhoneNumberRef ref) throws InterruptedException {
    ManagedChannel fresh = channel(grpcPort);
    try {
      PhoneNumberServiceGrpc.newBlockingStub(fresh).withDeadlineAfter(5, TimeUnit.SECONDS)
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
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + httpPort + "/health/live")).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      return "answered " + response.statusCode();
    } catch (java.net.ConnectException e) {
      return "refused (connection refused)";
    } catch (Exception e) {
      return "failed: " + e;
    }
  }

  private static int committedUpdates(Connection observer, String numberId) throws Exception {
    try (PreparedStatement query = observer.prepareStatement("SELECT count(*) FROM change_events "
        + "WHERE resource_id = ? AND action = 'updated'")) {
      query.setString(1, numberId);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }
}
