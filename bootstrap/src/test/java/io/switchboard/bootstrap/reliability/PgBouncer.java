package io.switchboard.bootstrap.reliability;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PgBouncer (Debian's {@code pgbouncer} package) in transaction pooling mode, started on a
 * free loopback port in front of the test PostgreSQL and stopped with {@link #close()}. Its
 * configuration is the one the README's "Behind PgBouncer" section recommends.
 */
final class PgBouncer implements AutoCloseable {
  private static final List<Path> BINARIES =
      List.of(Path.of("/usr/sbin/pgbouncer"), Path.of("/usr/bin/pgbouncer"));

  private final Process process;
  private final Path directory;
  private final int port;

  private PgBouncer(Process process, Path directory, int port) {
    this.process = process;
    this.directory = directory;
    this.port = port;
  }

  /**
   * @param upstreamJdbcUrl any database URL of the PostgreSQL server to pool (host and port are
   *     taken from it)
   * @param user the database user clients connect as (trusted here, as the test server trusts it)
   */
  static PgBouncer start(String upstreamJdbcUrl, String user, String password)
      throws IOException, InterruptedException {
    Path binary =
        BINARIES.stream()
            .filter(Files::isExecutable)
            .findFirst()
            .orElseThrow(() ->
                new AssertionError(
                    "pgbouncer is not installed: install Debian's pgbouncer package (bash .ci/run does)"));
    URI upstream = URI.create(upstreamJdbcUrl.substring("jdbc:".length()));
    Path directory = Files.createTempDirectory("switchboard-pgbouncer");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String upstreamLogin = "user=" + user + (password == null ? "" : " password=" + password);
    Files.writeString(
        directory.resolve("pgbouncer.ini"),
        String.join(
            "\n",
            "[databases]",
            "* = host=" + upstream.getHost() + " port=" + upstream.getPort() + " " + upstreamLogin,
            "[pgbouncer]",
            "listen_addr = 127.0.0.1",
            "listen_port = " + port,
            "unix_socket_dir =",
            "auth_type = trust",
            "auth_file = " + directory.resolve("userlist.txt"),
            "admin_users = " + user,
            "stats_users = " + user,
            "pool_mode = transaction",
            "max_client_conn = 1000",
            "default_pool_size = 20",
            // pgjdbc sends extra_float_digits at startup; PgBouncer 1.18 refuses any parameter it
            // does not track
            "ignore_startup_parameters = extra_float_digits",
            "server_reset_query =",
            "log_connections = 0",
            "log_disconnections = 0",
            ""),
        StandardCharsets.UTF_8);
    Files.writeString(
        directory.resolve("userlist.txt"), "\"" + user + "\" \"\"\n", StandardCharsets.UTF_8);
    List<String> command = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      // PgBouncer refuses to run as root: it switches to the postgres user, who must be able to
      // read its files
      for (Path p :
          List.of(
              directory, directory.resolve("pgbouncer.ini"), directory.resolve("userlist.txt"))) {
        Files.setPosixFilePermissions(
            p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
      }
      command.addAll(
          List.of(
              binary.toString(), "-u", "postgres", directory.resolve("pgbouncer.ini").toString()));
    } else {
      command.addAll(List.of(binary.toString(), directory.resolve("pgbouncer.ini").toString()));
    }
    File log = directory.resolve("pgbouncer.log").toFile();
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    PgBouncer bouncer = new PgBouncer(process, directory, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!bouncer.accepts()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        String output = Files.readString(log.toPath());
        bouncer.close();
        throw new AssertionError("pgbouncer did not start: " + output);
      }
      Thread.sleep(50);
    }
    return bouncer;
  }

  private boolean accepts() {
    try (Socket ignored = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The URL of {@code database} through the pooler, with the setting PgBouncer 1.18 needs (no named
   * statements).
   */
  String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?prepareThreshold=0";
  }

  /**
   * Transactions PgBouncer has run for {@code database}, from its admin console ({@code SHOW
   * STATS}) through psql: the console speaks only the simple protocol and refuses the SET
   * statements pgjdbc sends at connect.
   */
  long transactions(String database, String user) throws IOException, InterruptedException {
    Process psql =
        new ProcessBuilder(
                "psql",
                "-X",
                "-A",
                "-t",
                "-F",
                "|",
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-U",
                user,
                "-d",
                "pgbouncer",
                "-c",
                "SHOW STATS")
            .redirectErrorStream(true)
            .start();
    String output = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!psql.waitFor(20, TimeUnit.SECONDS) || psql.exitValue() != 0) {
      throw new AssertionError("psql SHOW STATS failed: " + output);
    }
    // columns: database|total_xact_count|total_query_count|...
    return output
        .lines()
        .map(line -> line.split("\\|"))
        .filter(cols -> cols.length > 1 && cols[0].equals(database))
        .mapToLong(cols -> Long.parseLong(cols[1]))
        .findFirst()
        .orElse(0);
  }

  String log() {
    try {
      return Files.readString(directory.resolve("pgbouncer.log"));
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
