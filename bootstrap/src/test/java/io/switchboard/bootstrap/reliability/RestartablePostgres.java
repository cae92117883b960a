package io.switchboard.bootstrap.reliability;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A PostgreSQL of the test's own (embedded), which the test stops and starts again on the same port
 * and data directory, so the service under test sees one database go away and come back: never the
 * machine's shared one.
 */
final class RestartablePostgres implements AutoCloseable {

  private final int port;
  private final Path dataDirectory;
  private EmbeddedPostgres running;

  private RestartablePostgres(int port, Path dataDirectory) {
    this.port = port;
    this.dataDirectory = dataDirectory;
  }

  static RestartablePostgres start(Path dataDirectory) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    RestartablePostgres postgres = new RestartablePostgres(port, dataDirectory);
    postgres.startAgain();
    return postgres;
  }

  /** The superuser's URL; it stays the same across restarts. */
  String jdbcUrl() {
    return running.getJdbcUrl("postgres", "postgres");
  }

  void stop() throws IOException {
    running.close();
  }

  void startAgain() throws IOException {
    running =
        EmbeddedPostgres.builder()
            .setPort(port)
            .setDataDirectory(dataDirectory)
            .setCleanDataDirectory(false)
            .setPGStartupWait(Duration.ofSeconds(60))
            .start();
  }

  @Override
  public void close() throws IOException {
    running.close();
  }
}
