package io.switchboard.bootstrap.hardening;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of the test's own (initdb, pg_ctl from {@value #BIN}) that accepts TCP
 * connections only over TLS with the given server certificate and only with a SCRAM password;
 * plaintext TCP is rejected by pg_hba.conf. Run as root, the cluster's files belong to the {@code
 * postgres} user and its commands run as that user.
 */
final class PrivatePostgres implements AutoCloseable {

  static final String BIN = "/usr/lib/postgresql/15/bin";
  private static final Duration COMMAND_LIMIT = Duration.ofSeconds(120);

  private final Path dir;
  private final Path data;
  private final int port;
  private final String superuserPassword;

  private PrivatePostgres(Path dir, int port, String superuserPassword) {
    this.dir = dir;
    this.data = dir.resolve("data");
    this.port = port;
    this.superuserPassword = superuserPassword;
  }

  /**
   * Starts it; {@code serverCert} / {@code serverKey} are PEM files (copied into the data
   * directory).
   */
  static PrivatePostgres start(Path serverCert, Path serverKey, String superuserPassword)
      throws Exception {
    if (!Files.isExecutable(Path.of(BIN, "initdb"))) {
      throw new IllegalStateException(
          "PostgreSQL 15 server binaries are missing in "
              + BIN
              + ": install the Debian package postgresql-15 (.ci/run does)");
    }
    Path dir = Files.createTempDirectory("switchboard-pg-tls");
    PrivatePostgres postgres = new PrivatePostgres(dir, freePort(), superuserPassword);
    try {
      postgres.initAndStart(serverCert, serverKey);
      return postgres;
    } catch (Exception | Error e) {
      postgres.close();
      throw e;
    }
  }

  private void initAndStart(Path serverCert, Path serverKey) throws Exception {
    Path passwordFile = dir.resolve("superuser-password");
    Files.writeString(passwordFile, superuserPassword + "\n");
    giveToServerUser(dir);
    giveToServerUser(passwordFile);
    run(
        BIN + "/initdb",
        "-D",
        data.toString(),
        "-U",
        "postgres",
        "--auth-local=trust",
        "--auth-host=scram-sha-256",
        "--pwfile=" + passwordFile,
        "-E",
        "UTF8",
        "--no-sync");
    Files.copy(serverCert, data.resolve("server.crt"));
    Files.copy(serverKey, data.resolve("server.key"));
    Files.setPosixFilePermissions(
        data.resolve("server.key"), PosixFilePermissions.fromString("rw-------"));
    giveToServerUser(data.resolve("server.crt"));
    giveToServerUser(data.resolve("server.key"));
    Files.writeString(
        data.resolve("postgresql.conf"),
        String.join(
            "\n",
            "port = " + port,
            "listen_addresses = '127.0.0.1'",
            "unix_socket_directories = '" + dir + "'",
            "ssl = on",
            "ssl_cert_file = 'server.crt'",
            "ssl_key_file = 'server.key'",
            "password_encryption = 'scram-sha-256'",
            "fsync = off",
            "max_connections = 50",
            ""),
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
    Files.writeString(
        data.resolve("pg_hba.conf"),
        String.join(
            "\n",
            "local all all trust",
            "hostssl all all 127.0.0.1/32 scram-sha-256",
            "hostnossl all all 127.0.0.1/32 reject",
            ""));
    run(
        BIN + "/pg_ctl",
        "-D",
        data.toString(),
        "-l",
        dir.resolve("server.log").toString(),
        "-w",
        "-t",
        "60",
        "start");
  }

  int port() {
    return port;
  }

  String superuserPassword() {
    return superuserPassword;
  }

  /** Runs SQL as the superuser over the Unix socket (trust), outside anything the test checks. */
  void sql(String statement) throws Exception {
    run(
        BIN + "/psql",
        "-h",
        dir.toString(),
        "-p",
        String.valueOf(port),
        "-U",
        "postgres",
        "-d",
        "postgres",
        "-v",
        "ON_ERROR_STOP=1",
        "-qAt",
        "-c",
        statement);
  }

  /** The first value of a query's first row, run like {@link #sql}. */
  String query(String statement) throws Exception {
    return run(
            BIN + "/psql",
            "-h",
            dir.toString(),
            "-p",
            String.valueOf(port),
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-v",
            "ON_ERROR_STOP=1",
            "-qAt",
            "-c",
            statement)
        .strip();
  }

  @Override
  public void close() throws Exception {
    try {
      if (Files.exists(data.resolve("postmaster.pid"))) {
        run(BIN + "/pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // a temp directory left behind is harmless
      }
    }
  }

  private static boolean runningAsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void giveToServerUser(Path path) throws IOException {
    if (runningAsRoot()) {
      UserPrincipal postgres =
          path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
      Files.setOwner(path, postgres);
    }
  }

  /** initdb and postgres refuse to run as root: then the commands run as the postgres user. */
  private String run(String... command) throws Exception {
    List<String> line = new ArrayList<>();
    if (runningAsRoot()) {
      line.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    line.addAll(List.of(command));
    Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
    String output;
    try (var in = process.getInputStream()) {
      if (!process.waitFor(COMMAND_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            String.join(" ", command) + " did not finish within " + COMMAND_LIMIT);
      }
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (process.exitValue() != 0) {
      String log =
          Files.exists(dir.resolve("server.log"))
              ? Files.readString(dir.resolve("server.log"))
              : "";
      throw new IllegalStateException(
          String.join(" ", command) + " failed (" + process.exitValue() + "): " + output + log);
    }
    return output;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
