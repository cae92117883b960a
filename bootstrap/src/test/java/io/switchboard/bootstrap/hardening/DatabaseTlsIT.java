package io.switchboard.bootstrap.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.switchboard.bootstrap.Config;
import io.switchboard.bootstrap.ConfigException;
import io.switchboard.bootstrap.Switchboard;
import io.switchboard.bootstrap.TestEnvironment;
import io.switchboard.proto.v1.ListPhoneNumbersRequest;
import io.switchboard.proto.v1.PhoneNumberServiceGrpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13.1, database side: the service reaches a PostgreSQL that accepts only TLS with {@code
 * sslmode=verify-full} and a CA file, refuses a server whose certificate that CA did not sign, and
 * takes its password from a file read again for every new connection, so the password rotates
 * without a restart.
 */
class DatabaseTlsIT {

  private static final Duration RECONNECT_LIMIT = Duration.ofSeconds(60);

  @TempDir static Path work;

  private static PrivatePostgres postgres;
  private static Path caFile;
  private static Path otherCaFile;

  @BeforeAll
  static void startPostgres() throws Exception {
    TestCertificates.Authority ca = TestCertificates.Authority.create("database-ca");
    caFile = ca.writeCertificate(work.resolve("database-ca.pem"));
    otherCaFile =
        TestCertificates.Authority.create("some-other-ca")
            .writeCertificate(work.resolve("other-ca.pem"));
    Path cert = work.resolve("pg-server.crt");
    Path key = work.resolve("pg-server.key");
    ca.issue("localhost").writeTo(cert, key);
    postgres = PrivatePostgres.start(cert, key, "superuser-" + UUID.randomUUID());
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void verify_full_over_tls_with_a_password_file_that_rotates_without_a_restart() throws Exception {
    String database = "sb_tls_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    String firstPassword = "first-" + UUID.randomUUID();
    postgres.sql("CREATE ROLE " + database + " LOGIN PASSWORD '" + firstPassword + "'");
    postgres.sql("CREATE DATABASE " + database + " OWNER " + database);
    Path passwordFile = work.resolve(database + ".password");
    Files.writeString(passwordFile, firstPassword + "\n");
    String key = InProcessService.newApiKey();

    Map<String, String> settings = settings(database, caFile, key);
    settings.put(Config.DATABASE_PASSWORD_FILE, passwordFile.toString());
    try (Switchboard service =
        Switchboard.start(Config.fromEnvironment(TestEnvironment.withTestDefaults(settings)))) {
      ManagedChannel channel = channel(service, key);
      try {
        assertThat(listWorks(channel)).isTrue();
        String plain =
            postgres.query(
                "SELECT count(*) FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid)"
                    + " WHERE a.usename = '"
                    + database
                    + "' AND NOT s.ssl");
        String encrypted =
            postgres.query(
                "SELECT count(*) FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid)"
                    + " WHERE a.usename = '"
                    + database
                    + "' AND s.ssl");
        assertThat(plain).isEqualTo("0");
        assertThat(Integer.parseInt(encrypted)).isPositive();

        // rotate: the role gets a new password, the file follows, every open connection is cut
        String secondPassword = "second-" + UUID.randomUUID();
        postgres.sql("ALTER ROLE " + database + " PASSWORD '" + secondPassword + "'");
        Files.writeString(passwordFile, secondPassword + "\n");
        postgres.sql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '"
                + database
                + "'");
        long rotatedAt = System.nanoTime();
        long deadline = rotatedAt + RECONNECT_LIMIT.toNanos();
        while (!listWorks(channel)) {
          assertThat(System.nanoTime())
              .as("served again within %s of the rotation", RECONNECT_LIMIT)
              .isLessThan(deadline);
          Thread.sleep(200);
        }
        long servedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - rotatedAt);
        System.out.printf(
            "RELIABILITY 13.1 database over TLS (sslmode=verify-full): %s TLS connection(s),"
                + " %s plaintext; password rotated in the file and every connection cut: served again after"
                + " %d ms, no restart%n",
            encrypted, plain, servedAfterMillis);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void a_database_certificate_from_another_ca_or_a_plaintext_connection_is_refused_at_startup()
      throws Exception {
    String key = InProcessService.newApiKey();
    Map<String, String> wrongCa = settings("postgres", otherCaFile, key);
    wrongCa.put(Config.DATABASE_USER, "postgres");
    wrongCa.put(Config.DATABASE_PASSWORD, postgres.superuserPassword());
    assertThatThrownBy(() ->
            Switchboard.start(Config.fromEnvironment(TestEnvironment.withTestDefaults(wrongCa))))
        .isInstanceOfSatisfying(
            ConfigException.class, e -> assertThat(e.setting()).isEqualTo(Config.DATABASE_URL))
        .message()
        .doesNotContain(postgres.superuserPassword());

    Map<String, String> plaintext = new HashMap<>(wrongCa);
    plaintext.put(
        Config.DATABASE_URL,
        "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/postgres?sslmode=disable");
    assertThatThrownBy(() ->
            Switchboard.start(Config.fromEnvironment(TestEnvironment.withTestDefaults(plaintext))))
        .isInstanceOf(ConfigException.class)
        .message()
        .doesNotContain(postgres.superuserPassword());
  }

  private static Map<String, String> settings(String database, Path rootCert, String key)
      throws Exception {
    Map<String, String> settings = new HashMap<>();
    settings.put(
        Config.DATABASE_URL,
        "jdbc:postgresql://127.0.0.1:"
            + postgres.port()
            + "/"
            + database
            + "?sslmode=verify-full&sslrootcert="
            + rootCert);
    settings.put(Config.DATABASE_USER, database);
    settings.put(Config.SECRET_KEY, Base64.getEncoder().encodeToString(new byte[32]));
    settings.put(Config.DATA_DIR, Files.createTempDirectory(work, "data").toString());
    settings.put(Config.BOOTSTRAP_API_KEY, key);
    settings.put(Config.GRPC_PORT, "0");
    settings.put(Config.HTTP_PORT, "0");
    return settings;
  }

  private static ManagedChannel channel(Switchboard service, String key) {
    io.grpc.Metadata headers = new io.grpc.Metadata();
    headers.put(
        io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + key);
    return io.grpc.Grpc.newChannelBuilderForAddress(
            "127.0.0.1", service.grpcPort(), InsecureChannelCredentials.create())
        .intercept(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers))
        .build();
  }

  private static boolean listWorks(ManagedChannel channel) {
    try {
      PhoneNumberServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(20, TimeUnit.SECONDS)
          .listPhoneNumbers(ListPhoneNumbersRequest.getDefaultInstance());
      return true;
    } catch (io.grpc.StatusRuntimeException e) {
      return false;
    }
  }
}
