package io.switchboard.bootstrap;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.switchboard.persistence.testing.TestDatabase;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole service as {@code main} starts it, on a fresh database of the test server, with a gRPC
 * channel that sends the bootstrap key: what the end-to-end tests drive through every door.
 */
record FreshService(TestDatabase database, Switchboard switchboard, ManagedChannel channel)
    implements AutoCloseable {

  static FreshService start(Class<?> testClass, Path dataDir, String bootstrapKey) {
    TestDatabase database = TestDatabase.createFresh(testClass);
    Switchboard switchboard =
        Switchboard.start(
            Config.fromEnvironment(
                TestEnvironment.withTestDefaults(settings(database, dataDir, bootstrapKey))));
    Metadata auth = new Metadata();
    auth.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + bootstrapKey);
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress(
                "127.0.0.1", switchboard.grpcPort(), InsecureChannelCredentials.create())
            .intercept(MetadataUtils.newAttachHeadersInterceptor(auth))
            .build();
    return new FreshService(database, switchboard, channel);
  }

  /** What {@code main} gets here: the test database, a zero secret key, the key, free ports. */
  static Map<String, String> settings(TestDatabase database, Path dataDir, String bootstrapKey) {
    return Map.of(
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
        Config.BOOTSTRAP_API_KEY,
        bootstrapKey,
        Config.GRPC_PORT,
        "0",
        Config.HTTP_PORT,
        "0");
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    switchboard.shutdown();
    database.close();
  }
}
