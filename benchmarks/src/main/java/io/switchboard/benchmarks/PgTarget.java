package io.switchboard.benchmarks;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A PostgreSQL database, as a JDBC URL and as pgbench/psql connection arguments. */
record PgTarget(
    String host, int port, String database, Optional<String> user, Optional<String> password) {

  /** Parses {@code jdbc:postgresql://host[:port]/database[?user=…&password=…]}. */
  static PgTarget parse(String jdbcUrl) {
    if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
      throw new IllegalArgumentException(
          "not a jdbc:postgresql:// URL: " + jdbcUrl.replaceAll("password=[^&]*", "password=***"));
    }
    URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    Map<String, String> query = new HashMap<>();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          query.put(
              pair.substring(0, eq),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    String path =
        uri.getPath() == null || uri.getPath().length() <= 1
            ? "postgres"
            : uri.getPath().substring(1);
    return new PgTarget(
        uri.getHost(),
        uri.getPort() < 0 ? 5432 : uri.getPort(),
        path,
        Optional.ofNullable(query.get("user")),
        Optional.ofNullable(query.get("password")));
  }

  PgTarget withDatabase(String name) {
    return new PgTarget(host, port, name, user, password);
  }

  String jdbcUrl() {
    StringBuilder url =
        new StringBuilder("jdbc:postgresql://" + host + ":" + port + "/" + database);
    List<String> params = new ArrayList<>();
    user.ifPresent(u -> params.add("user=" + u));
    password.ifPresent(p -> params.add("password=" + p));
    if (!params.isEmpty()) {
      url.append('?').append(String.join("&", params));
    }
    return url.toString();
  }

  List<String> pgbenchConnectionArgs() {
    List<String> args = new ArrayList<>(List.of("-h", host, "-p", Integer.toString(port)));
    user.ifPresent(u -> args.addAll(List.of("-U", u)));
    args.add(database);
    return args;
  }

  Map<String, String> pgbenchEnvironment() {
    return password.map(p -> Map.of("PGPASSWORD", p)).orElse(Map.of());
  }

  @Override
  public String toString() {
    return host + ":" + port + "/" + database;
  }
}
