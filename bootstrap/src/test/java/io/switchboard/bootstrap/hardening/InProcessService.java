package io.switchboard.bootstrap.hardening;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.switchboard.bootstrap.Config;
import io.switchboard.bootstrap.Switchboard;
import io.switchboard.bootstrap.TestEnvironment;
import io.switchboard.persistence.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The service as Main wires it, on loopback ports and a fresh database, with the settings a test
 * adds.
 */
final class InProcessService implements AutoCloseable {

  private final TestDatabase database;
  private final Switchboard switchboard;
  private final String key;

  private InProcessService(TestDatabase database, Switchboard switchboard, String key) {
    this.database = database;
    this.switchboard = switchboard;
    this.key = key;
  }

  static InProcessService start(Class<?> testClass, Path work, Map<String, String> extraSettings)
      throws IOException {
    TestDatabase database = TestDatabase.createFresh(testClass);
    String key = newApiKey();
    Map<String, String> settings =
        new HashMap<>(
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
                Files.createTempDirectory(work, "data").toString(),
                Config.BOOTSTRAP_API_KEY,
                key,
                Config.RATE_LIMIT_PER_SECOND,
                "0",
                Config.GRPC_PORT,
                "0",
                Config.HTTP_PORT,
                "0"));
    settings.putAll(extraSettings);
    try {
      return new InProcessService(
          database,
          Switchboard.start(Config.fromEnvironment(TestEnvironment.withTestDefaults(settings))),
          key);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /** The service's own key format: sb_live_ and 32 random bytes in base64url. */
  static String newApiKey() {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    return "sb_live_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  String key() {
    return key;
  }

  TestDatabase database() {
    return database;
  }

  /** An in-process context of the bootstrap key (every scope), for setting up data. */
  io.switchboard.application.common.RequestContext operator() {
    return io.switchboard.application.common.RequestContext.of(
        switchboard.services().authenticate().authenticate(key),
        io.switchboard.domain.common.RequestId.random(),
        io.switchboard.domain.change.SourceApi.SYSTEM);
  }

  /** Makes one change (a new organization) and returns the revision it got. */
  long change() throws java.sql.SQLException {
    switchboard
        .services()
        .createOrganization()
        .createOrganization(
            operator(), "marker-" + java.util.UUID.randomUUID(), java.util.Optional.empty());
    try (java.sql.Connection connection = database.openConnection();
        java.sql.Statement statement = connection.createStatement();
        java.sql.ResultSet row = statement.executeQuery("SELECT value FROM revision_counter")) {
      row.next();
      return row.getLong(1);
    }
  }

  /**
   * Transactions committed in this service's database so far (PostgreSQL's statistics, flushed
   * about every second).
   */
  long committedTransactions() throws java.sql.SQLException {
    try (java.sql.Connection connection = database.openConnection();
        java.sql.Statement statement = connection.createStatement();
        java.sql.ResultSet row =
            statement.executeQuery(
                "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")) {
      row.next();
      return row.getLong(1);
    }
  }

  Switchboard switchboard() {
    return switchboard;
  }

  int grpcPort() {
    return switchboard.grpcPort();
  }

  int httpPort() {
    return switchboard.httpPort();
  }

  /** A channel to 127.0.0.1 that sends the bootstrap key on every call. */
  ManagedChannel channel(ChannelCredentials credentials) {
    return channel(credentials, key);
  }

  ManagedChannel channel(ChannelCredentials credentials, String apiKey) {
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + apiKey);
    return Grpc.newChannelBuilderForAddress("127.0.0.1", grpcPort(), credentials)
        .intercept(MetadataUtils.newAttachHeadersInterceptor(headers))
        .build();
  }

  @Override
  public void close() {
    try {
      switchboard.shutdown();
    } finally {
      database.close();
    }
  }
}
