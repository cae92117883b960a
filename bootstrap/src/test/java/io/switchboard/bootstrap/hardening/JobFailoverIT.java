package io.switchboard.bootstrap.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.longrunning.GetOperationRequest;
import com.google.longrunning.Operation;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.switchboard.bootstrap.Config;
import io.switchboard.domain.org.Scope;
import io.switchboard.persistence.testing.TestApplication;
import io.switchboard.proto.longrunning.OperationsMethods;
import io.switchboard.proto.v1.AvailableNumber;
import io.switchboard.proto.v1.Capabilities;
import io.switchboard.proto.v1.JobServiceGrpc;
import io.switchboard.proto.v1.Money;
import io.switchboard.proto.v1.NumberType;
import io.switchboard.proto.v1.NumbersJobResult;
import io.switchboard.proto.v1.StartImportNumbersJobRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20's bar for bulk jobs: a 100,000-number import job survives the replica running it being
 * killed (SIGKILL) midway. Two Switchboard processes share one database; the job is uploaded to
 * one, the holder of its lease is killed once some but not all items are processed, and the other
 * resumes from the cursor when the lease expires. Afterwards every number is in stock exactly once,
 * the job counts 100,000 succeeded, and no item was applied twice (a second application of an
 * import would find its number in stock already and count it unchanged).
 */
class JobFailoverIT {
  private static final Duration START_LIMIT = Duration.ofSeconds(90);
  private static final int TOTAL = 100_000;
  private static final int CHUNK = 1000;
  private static final Pattern GRPC_PORT = Pattern.compile("gRPC on port (\\d+)");
  private static final Pattern OWNER = Pattern.compile("Running bulk jobs as (\\S+)");

  @TempDir static Path work;
  static TestApplication app;

  @BeforeAll
  static void start() {
    app = TestApplication.start(JobFailoverIT.class);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static Map<String, String> settings() throws Exception {
    var db = app.database();
    Map<String, String> settings = new HashMap<>();
    settings.put(Config.DATABASE_URL, db.jdbcUrl());
    settings.put(Config.DATABASE_USER, db.user());
    if (db.password() != null && !db.password().isEmpty()) {
      settings.put(Config.DATABASE_PASSWORD, db.password());
    }
    settings.put(
        Config.SECRET_KEY, "it:" + java.util.Base64.getEncoder().encodeToString(new byte[32]));
    settings.put(Config.DATA_DIR, Files.createTempDirectory(work, "data").toString());
    settings.put(Config.GRPC_PORT, "0");
    settings.put(Config.HTTP_PORT, "0");
    settings.put(Config.JOB_LEASE_SECONDS, "2");
    settings.put(Config.JOB_POLL_MILLIS, "100");
    return settings;
  }

  private static String find(Pattern pattern, ChildService child) {
    Matcher m = pattern.matcher(child.output());
    if (!m.find()) {
      throw new IllegalStateException("no " + pattern + " in " + child.output());
    }
    return m.group(1);
  }

  private static long queryLong(String sql) throws Exception {
    try (Connection c = app.database().openConnection();
        PreparedStatement select = c.prepareStatement(sql);
        ResultSet row = select.executeQuery()) {
      return row.next() ? row.getLong(1) : -1;
    }
  }

  private static String queryText(String sql) throws Exception {
    try (Connection c = app.database().openConnection();
        PreparedStatement select = c.prepareStatement(sql);
        ResultSet row = select.executeQuery()) {
      return row.next() ? row.getString(1) : null;
    }
  }

  private static ManagedChannel channel(ChildService child, String apiKey) {
    Metadata auth = new Metadata();
    auth.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + apiKey);
    return Grpc.newChannelBuilderForAddress(
            "127.0.0.1",
            Integer.parseInt(find(GRPC_PORT, child)),
            InsecureChannelCredentials.create())
        .intercept(MetadataUtils.newAttachHeadersInterceptor(auth))
        .build();
  }

  /** +1 208 3x0 0000 .. +1 208 3x9 9999: 100,000 valid Idaho numbers. */
  private static String number(int i) {
    return "+1208" + (300 + i / 10_000) + String.format("%04d", i % 10_000);
  }

  private static Operation upload(ManagedChannel channel) throws Exception {
    var answer = new CompletableFuture<Operation>();
    StreamObserver<StartImportNumbersJobRequest> requests =
        JobServiceGrpc.newStub(channel)
            .withDeadlineAfter(120, TimeUnit.SECONDS)
            .startImportNumbersJob(
                new StreamObserver<>() {
                  @Override
                  public void onNext(Operation value) {
                    answer.complete(value);
                  }

                  @Override
                  public void onError(Throwable t) {
                    answer.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {}
                });
    for (int first = 0; first < TOTAL; first += CHUNK) {
      var chunk = StartImportNumbersJobRequest.newBuilder();
      if (first == 0) {
        chunk.setRequestId("failover-import");
      }
      for (int i = first; i < first + CHUNK; i++) {
        chunk.addNumbers(
            AvailableNumber.newBuilder()
                .setNumber(number(i))
                .setType(NumberType.NUMBER_TYPE_LOCAL)
                .setCapabilities(Capabilities.newBuilder().setVoice(true).setSms(true))
                .setMonthlyFee(Money.newBuilder().setAmount("1.50").setCurrency("EUR"))
                .setLocation("US"));
      }
      requests.onNext(chunk.build());
    }
    requests.onCompleted();
    return answer.get(120, TimeUnit.SECONDS);
  }

  @Test
  void a_100000_number_import_survives_a_sigkill_of_its_replica_and_imports_every_number_once()
      throws Exception {
    String key = app.tenant("ops").apiKey(Scope.INVENTORY_WRITE, Scope.NUMBERS_READ);
    ChildService first = ChildService.start(work, settings());
    ChildService second = ChildService.start(work, settings());
    ManagedChannel channel = null;
    try {
      assertThat(first.awaitListening(START_LIMIT)).as("first: %s", first.output()).isTrue();
      assertThat(second.awaitListening(START_LIMIT)).as("second: %s", second.output()).isTrue();
      channel = channel(first, key);

      long started = System.nanoTime();
      Operation stored = upload(channel);
      System.out.printf(
          "JobFailoverIT: %,d items uploaded and stored in %d ms%n",
          TOTAL, (System.nanoTime() - started) / 1_000_000);
      assertThat(stored.getName()).startsWith("operations/");
      String jobId = stored.getName().substring("operations/".length());
      String job = "SELECT %s FROM jobs WHERE id = '" + jobId + "'";

      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> queryLong(job.formatted("next_index")) > 0);
      String holder = queryText(job.formatted("lease_holder"));
      ChildService running = holder.equals(find(OWNER, first)) ? first : second;
      ChildService other = running == first ? second : first;
      running.kill();
      long processedAtKill = queryLong(job.formatted("next_index"));
      System.out.printf(
          "JobFailoverIT: the lease holder killed at %,d of %,d items processed%n",
          processedAtKill, TOTAL);
      assertThat(processedAtKill).isBetween(1L, (long) TOTAL - 1);

      if (running == first) {
        channel.shutdownNow();
        channel = channel(other, key);
      }
      ManagedChannel survivor = channel;
      await()
          .atMost(Duration.ofMinutes(15))
          .pollInterval(Duration.ofSeconds(1))
          .until(() ->
              ClientCalls.blockingUnaryCall(
                      survivor,
                      OperationsMethods.GET,
                      io.grpc.CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                      GetOperationRequest.newBuilder().setName(stored.getName()).build())
                  .getDone());
      Operation done =
          ClientCalls.blockingUnaryCall(
              survivor,
              OperationsMethods.GET,
              io.grpc.CallOptions.DEFAULT,
              GetOperationRequest.newBuilder().setName(stored.getName()).build());
      assertThat(done.hasError()).as("%s", done).isFalse();
      NumbersJobResult result = done.getResponse().unpack(NumbersJobResult.class);
      assertThat(result.getTotalItems()).isEqualTo(TOTAL);
      assertThat(result.getSucceededItems()).isEqualTo(TOTAL);
      assertThat(result.getUnchangedItems()).as("items applied twice").isZero();
      assertThat(result.getFailedItems()).isZero();
      assertThat(queryText(job.formatted("lease_holder"))).isNotEqualTo(holder);

      assertThat(
              queryLong(
                  "SELECT count(*) FROM job_items WHERE job_id = '"
                      + jobId
                      + "' AND outcome = 'succeeded'"))
          .isEqualTo(TOTAL);
      assertThat(
              queryLong(
                  "SELECT count(DISTINCT number) FROM inventory_numbers WHERE number LIKE '+12083%'"))
          .isEqualTo(TOTAL);
      assertThat(queryLong("SELECT count(*) FROM inventory_numbers WHERE number LIKE '+12083%'"))
          .isEqualTo(TOTAL);
    } finally {
      if (channel != null) {
        channel.shutdownNow();
      }
      first.close();
      second.close();
    }
  }
}
