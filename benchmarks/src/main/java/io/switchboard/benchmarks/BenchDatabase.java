package io.switchboard.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * A fresh database {@code sb_bench_<random>} on the benchmark's PostgreSQL server, dropped again at
 * the end, and the bulk loader that fills it with numbers through COPY (no use-case call per
 * number).
 */
final class BenchDatabase implements AutoCloseable {

  private static final String NUMBER_COLUMNS =
      "id, organization_id, number, country, type, source, status,"
          + " compliance_status, compliance_requirements, capability_voice, capability_sms, capability_mms,"
          + " capability_fax, capability_emergency, capability_local_calling, location, monthly_fee, currency,"
          + " voice_enabled, voice_channel_limit, voice_destinations, sms_enabled, sms_channel_limit, sms_destinations,"
          + " inbound_enabled, inbound_channel_limit, inbound_url, status_url, label, campaign_id,"
          + " webhooks, created_at, updated_at, released_at, version";
  private static final int COPY_CHUNK_ROWS = 20_000;

  private final PgTarget server;
  private final PgTarget target;

  private BenchDatabase(PgTarget server, PgTarget target) {
    this.server = server;
    this.target = target;
  }

  static BenchDatabase create(PgTarget server) throws SQLException {
    byte[] random = new byte[6];
    new SecureRandom().nextBytes(random);
    String name = "sb_bench_" + HexFormat.of().formatHex(random);
    try (Connection admin = DriverManager.getConnection(server.jdbcUrl());
        Statement s = admin.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return new BenchDatabase(server, server.withDatabase(name));
  }

  PgTarget target() {
    return target;
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(target.jdbcUrl());
  }

  String serverVersion() throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        var rs = s.executeQuery("SHOW server_version")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /**
   * Loads {@code count} US numbers +1 208 {@code firstSubscriber + i} into one organization with
   * COPY, every one routed to {@code agentId} by a call binding (one agent on many numbers, which
   * the binding rules would refuse through the API; the routes are what matters here), then VACUUMs
   * and ANALYZEs the table. With {@code mixed}, one in ten is inactive and one in five mobile (so
   * list filters have something to filter); else all are active and local.
   *
   * @return their ids in order when {@code keepIds}, else null (a million ids would skew the memory
   *     row)
   */
  static UUID[] copyNumbers(
      Connection connection,
      UUID organization,
      long firstSubscriber,
      int count,
      String agentId,
      Instant createdFrom,
      boolean mixed,
      boolean keepIds)
      throws SQLException {
    UUID[] ids = keepIds ? new UUID[count] : null;
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(true);
    var copy = connection.unwrap(PGConnection.class).getCopyAPI();
    StringBuilder chunk = new StringBuilder(COPY_CHUNK_ROWS * 400);
    int i = 0;
    while (i < count) {
      CopyIn in = copy.copyIn("COPY phone_numbers (" + NUMBER_COLUMNS + ") FROM STDIN");
      try {
        for (int rows = 0; rows < COPY_CHUNK_ROWS && i < count; rows++, i++) {
          UUID id = UUID.randomUUID();
          if (ids != null) {
            ids[i] = id;
          }
          appendNumberRow(
              chunk, id, organization, firstSubscriber + i, i, createdFrom.plusSeconds(i), mixed);
        }
        byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
        in.writeToCopy(bytes, 0, bytes.length);
        in.endCopy();
      } finally {
        if (in.isActive()) {
          in.cancelCopy();
        }
      }
      chunk.setLength(0);
    }
    try (var agent =
            connection.prepareStatement(
                "INSERT INTO agents (organization_id, id, display_name, created_at,"
                    + " updated_at) VALUES (?, ?, ?, now(), now()) ON CONFLICT DO NOTHING");
        var bind =
            connection.prepareStatement(
                "INSERT INTO bindings (phone_number_id, channel, organization_id,"
                    + " agent_id, bound_at) SELECT id, 'call', organization_id, ?, created_at FROM phone_numbers p"
                    + " WHERE organization_id = ? AND NOT EXISTS (SELECT 1 FROM bindings b WHERE b.phone_number_id = p.id"
                    + " AND b.channel = 'call')")) {
      agent.setObject(1, organization);
      agent.setString(2, agentId);
      agent.setString(3, agentId);
      agent.executeUpdate();
      bind.setString(1, agentId);
      bind.setObject(2, organization);
      bind.executeUpdate();
    }
    try (Statement s = connection.createStatement()) {
      // what a bulk load ends with: statistics for the planner, and the visibility map set, so that
      // autovacuum
      // does not start on a million fresh rows in the middle of a measured row (a full run's row 5
      // once did)
      s.execute("VACUUM (ANALYZE) phone_numbers");
      s.execute("VACUUM (ANALYZE) bindings");
    }
    connection.setAutoCommit(autoCommit);
    return ids;
  }

  private static void appendNumberRow(
      StringBuilder row,
      UUID id,
      UUID organization,
      long subscriber,
      int i,
      Instant created,
      boolean mixed) {
    String status = mixed && i % 10 == 9 ? "inactive" : "active";
    String type = mixed && i % 5 == 4 ? "mobile" : "local";
    String fee = (1 + i % 50 / 10) + "." + (i % 10) + "000";
    row.append(id)
        .append('\t')
        .append(organization)
        .append('\t')
        .append("+1208")
        .append(subscriber)
        .append('\t')
        .append("US\t")
        .append(type)
        .append("\tpurchased\t")
        .append(status)
        .append("\tcompleted\t[]\t")
        .append("t\tt\tf\tf\tt\tt\t")
        .append("Boise, ID\t")
        .append(fee)
        .append("\tUSD\t")
        .append("t\t10\t{US}\tt\t10\t{US}\t")
        .append("t\t10\t\\N\t\\N\tbench\t\\N\t[]\t")
        .append(created)
        .append('\t')
        .append(created)
        .append("\t\\N\t1\n");
  }

  @Override
  public void close() throws SQLException {
    try (Connection admin = DriverManager.getConnection(server.jdbcUrl());
        Statement s = admin.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + target.database() + " WITH (FORCE)");
    }
  }
}
