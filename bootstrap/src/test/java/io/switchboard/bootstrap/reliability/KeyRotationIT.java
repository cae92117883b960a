package io.switchboard.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.switchboard.bootstrap.Config;
import io.switchboard.bootstrap.MainCommand;
import io.switchboard.persistence.testing.TestDatabase;
import io.switchboard.proto.v1.GetTrunkCredentialsRequest;
import io.switchboard.proto.v1.RoutingServiceGrpc;
import io.switchboard.proto.v1.TrunkChannel;
import io.switchboard.proto.v1.TrunkRef;
import java.io.File;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, items 5 and 6: the secret key rotates. A SIP credential and an idempotency record made
 * under key k1 still work on replicas whose current key is k2 with k1 as previous; the background
 * pass and {@code switchboard.jar reseal} seal every credential under the current key; a replica
 * that has none of the keys answers FAILED_PRECONDITION / 409 naming the key, never INTERNAL. The
 * stored fingerprint is a keyed HMAC (not the SHA-256 of the body that a database dump could test
 * password guesses against) and no stored response holds the password.
 */
class KeyRotationIT {
  private static final String NUMBER = "+12085550170";
  private static final String PASSWORD = "Rotate-" + UUID.randomUUID();
  private static final String IDEMPOTENCY_KEY = "rotation-" + UUID.randomUUID();
  private static final String BODY =
      "{\"phone_number\":\""
          + NUMBER
          + "\",\"channel\":\"call\",\"sip\":{"
          + "\"gateway\":\"sip.example.com\",\"username\":\"rotation-user\",\"password\":\""
          + PASSWORD
          + "\"}}";
  private static final Duration RESEAL_LIMIT = Duration.ofSeconds(60);

  @TempDir static Path work;

  private static TestDatabase database;
  private static final Map<String, String> KEYS = new HashMap<>();

  @BeforeAll
  static void createDatabase() {
    database = TestDatabase.createFresh(KeyRotationIT.class);
    SecureRandom random = new SecureRandom();
    for (String id : List.of("k1", "k2", "k3", "k4")) {
      byte[] key = new byte[32];
      random.nextBytes(key);
      KEYS.put(id, id + ":" + Base64.getEncoder().encodeToString(key));
    }
  }

  @AfterAll
  static void dropDatabase() {
    if (database != null) {
      database.close();
    }
  }

  @Test
  void credentials_and_fingerprints_survive_a_rotation_and_a_missing_key_is_a_failed_precondition()
      throws Exception {
    String created;
    try (ServiceUnderTest k1 = start("k1", List.of())) {
      HttpResponse<String> response = createTrunk(k1);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
      created = response.body();
      assertThat(password(k1)).isEqualTo(PASSWORD);
    }
    // item 6: what the database keeps tells nothing about the password
    byte[] fingerprint = storedFingerprint();
    byte[] response = storedResponse();
    assertThat(new String(fingerprint, 0, 3, StandardCharsets.US_ASCII)).isEqualTo("k1\0");
    assertThat(fingerprint).isNotEqualTo(sha256(BODY)).hasSize(3 + 32);
    assertThat(new String(response, StandardCharsets.UTF_8)).doesNotContain(PASSWORD);
    assertThat(sealedKeyIds()).containsOnly("k1");

    int readsUnderOldKey = 0;
    try (ServiceUnderTest k2 = start("k2", List.of("k1"))) {
      // a retry of the request made under k1 is recognised (its fingerprint checked under k1) and
      // answered as before
      HttpResponse<String> retried = createTrunk(k2);
      assertThat(retried.statusCode()).as(retried.body()).isEqualTo(201);
      assertThat(retried.body()).isEqualTo(created);
      assertThat(password(k2)).isEqualTo(PASSWORD);
      readsUnderOldKey++;
      // the background pass (run at start) reseals under k2
      long deadline = System.nanoTime() + RESEAL_LIMIT.toNanos();
      while (!sealedKeyIds().equals(List.of("k2")) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(sealedKeyIds()).containsOnly("k2");
      assertThat(password(k2)).isEqualTo(PASSWORD);
    }

    // the CLI, as an operator runs it: k3 current, k2 previous
    Cli reseal = runReseal("k3", List.of("k2"));
    assertThat(reseal.exitCode()).as(reseal.stderr()).isZero();
    assertThat(reseal.stdout())
        .contains(
            "resealed the credentials of 1 trunk(s) and webhook endpoint(s) under secret key 'k3'",
            "0 trunk(s) and webhook endpoint(s) remain");
    assertThat(sealedKeyIds()).containsOnly("k3");

    // a replica given neither k1 (fingerprint) nor k3 (credentials): a clear 409 /
    // FAILED_PRECONDITION
    try (ServiceUnderTest k4 = start("k4", List.of())) {
      assertThatThrownBy(() -> password(k4))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                assertThat(reason(e)).isEqualTo("SECRET_KEY_UNAVAILABLE");
                assertThat(e.getStatus().getDescription())
                    .contains("'k3'", "SWITCHBOARD_SECRET_KEYS_PREVIOUS");
              });
      HttpResponse<String> retried = createTrunk(k4);
      assertThat(retried.statusCode()).as(retried.body()).isEqualTo(409);
      assertThat(retried.body()).contains("SECRET_KEY_UNAVAILABLE", "k1");
    }
    ServiceUnderTest.figure(
        "key-rotation",
        String.format(
            "1 trunk (username + password) and 1 idempotency record "
                + "under k1; %d reads and 1 replayed retry under k2 with k1 previous; background pass resealed under k2 "
                + "within %d s; CLI reseal under k3: \"%s\"; a replica without the keys: FAILED_PRECONDITION / 409 "
                + "SECRET_KEY_UNAVAILABLE, 0 INTERNAL; stored fingerprint HMAC with key id, 0 stored responses holding the "
                + "password",
            readsUnderOldKey, RESEAL_LIMIT.toSeconds(), reseal.stdout().strip()));
  }

  private static ServiceUnderTest start(String current, List<String> previous) throws Exception {
    return ServiceUnderTest.startOn(
        database.jdbcUrl(),
        database.user(),
        Map.of(
            Config.SECRET_KEY, KEYS.get(current),
            Config.SECRET_KEYS_PREVIOUS,
                String.join(",", previous.stream().map(KEYS::get).toList()),
            Config.DATABASE_PASSWORD, database.password() == null ? "" : database.password()));
  }

  private static HttpResponse<String> createTrunk(ServiceUnderTest service) throws Exception {
    return service.send(
        "POST",
        "/api/v1/phone-numbers/trunks",
        BODY,
        Map.of("Idempotency-Key", IDEMPOTENCY_KEY),
        Duration.ofSeconds(30));
  }

  private static String password(ServiceUnderTest service) {
    return RoutingServiceGrpc.newBlockingStub(service.channel())
        .withDeadlineAfter(30, TimeUnit.SECONDS)
        .getTrunkCredentials(
            GetTrunkCredentialsRequest.newBuilder()
                .setTrunk(
                    TrunkRef.newBuilder()
                        .setKey(
                            TrunkRef.Key.newBuilder()
                                .setNumber(NUMBER)
                                .setChannel(TrunkChannel.TRUNK_CHANNEL_CALL)))
                .build())
        .getPassword();
  }

  private static String reason(StatusRuntimeException e) {
    try {
      for (var detail : StatusProto.fromThrowable(e).getDetailsList()) {
        if (detail.is(ErrorInfo.class)) {
          return detail.unpack(ErrorInfo.class).getReason();
        }
      }
    } catch (com.google.protobuf.InvalidProtocolBufferException malformed) {
      throw new AssertionError(malformed);
    }
    return "";
  }

  /** The distinct key ids of every sealed credential in the database. */
  private static List<String> sealedKeyIds() throws Exception {
    List<String> ids = new ArrayList<>();
    try (Connection c = database.openConnection();
        ResultSet rows =
            c.createStatement()
                .executeQuery(
                    "SELECT DISTINCT k FROM (SELECT sip_username_key_id k "
                        + "FROM trunks UNION ALL SELECT sip_password_key_id FROM trunks) s WHERE k IS NOT NULL ORDER BY k")) {
      while (rows.next()) {
        ids.add(rows.getString(1));
      }
    }
    return ids;
  }

  private static byte[] storedFingerprint() throws Exception {
    return idempotencyColumn("fingerprint");
  }

  private static byte[] storedResponse() throws Exception {
    return idempotencyColumn("response");
  }

  private static byte[] idempotencyColumn(String column) throws Exception {
    try (Connection c = database.openConnection();
        PreparedStatement statement =
            c.prepareStatement("SELECT " + column + " FROM idempotency_records WHERE key = ?")) {
      statement.setString(1, IDEMPOTENCY_KEY);
      try (ResultSet rows = statement.executeQuery()) {
        assertThat(rows.next()).isTrue();
        return rows.getBytes(1);
      }
    }
  }

  private static byte[] sha256(String text) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
  }

  record Cli(int exitCode, String stdout, String stderr) {}

  /**
   * {@code java -jar switchboard.jar reseal} in a child JVM (this test's class path when the jar is
   * not built).
   */
  private static Cli runReseal(String current, List<String> previous) throws Exception {
    List<String> command = MainCommand.of(List.of(), List.of("reseal"));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("SWITCHBOARD_"));
    builder.environment().put(Config.DATA_DIR, Files.createTempDirectory(work, "data").toString());
    builder.environment().put(Config.DATABASE_URL, database.jdbcUrl());
    builder.environment().put(Config.DATABASE_USER, database.user());
    if (database.password() != null) {
      builder.environment().put(Config.DATABASE_PASSWORD, database.password());
    }
    builder.environment().put(Config.SECRET_KEY, KEYS.get(current));
    builder
        .environment()
        .put(
            Config.SECRET_KEYS_PREVIOUS,
            String.join(",", previous.stream().map(KEYS::get).toList()));
    File stdout = Files.createTempFile(work, "stdout", ".txt").toFile();
    File stderr = Files.createTempFile(work, "stderr", ".txt").toFile();
    Process process = builder.redirectOutput(stdout).redirectError(stderr).start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("reseal did not finish within 120 s");
    }
    return new Cli(
        process.exitValue(), Files.readString(stdout.toPath()), Files.readString(stderr.toPath()));
  }
}
