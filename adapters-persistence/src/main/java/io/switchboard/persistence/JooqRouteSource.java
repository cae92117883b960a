package io.switchboard.persistence;

import static io.switchboard.persistence.jooq.Tables.TRUNKS;

import io.switchboard.application.port.RouteSource;
import io.switchboard.application.port.query.BoundAgent;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.number.NumberStatus;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.routing.Webhook;
import io.switchboard.domain.trunk.Trunk;
import io.switchboard.persistence.jooq.tables.records.TrunksRecord;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.jooq.Condition;
import org.jooq.Cursor;
import org.jooq.JSON;
import org.jooq.impl.DSL;

/**
 * Routes read straight from the tables, one statement per table: the held numbers with their
 * bindings (aggregated into arrays, one row per number), the trunks, the releases in quarantine.
 * Rows stream through a cursor ({@link #FETCH_SIZE} at a time) inside a transaction, so a million
 * routes never sit in the driver's memory at once.
 */
public final class JooqRouteSource implements RouteSource {
  static final int FETCH_SIZE = 10_000;
  private static final String HELD_COLUMNS =
      "n.id, n.organization_id, n.number, n.status, n.inbound_enabled,"
          + " n.voice_enabled, n.sms_enabled, n.inbound_channel_limit, n.inbound_url, n.status_url, n.label,"
          + " n.webhooks::text, b.channels, b.agent_ids, b.agent_names, b.bound_at_micros,"
          + " n.routing_policies::text";
  private static final String BINDINGS_AGGREGATED =
      "SELECT array_agg(x.channel ORDER BY x.channel) AS channels,"
          + " array_agg(x.agent_id ORDER BY x.channel) AS agent_ids,"
          + " array_agg(a.display_name ORDER BY x.channel) AS agent_names,"
          + " array_agg((extract(epoch FROM x.bound_at) * 1000000)::bigint ORDER BY x.channel) AS bound_at_micros";
  private static final String BINDINGS_OF_AGENTS =
      " FROM bindings x LEFT JOIN agents a"
          + " ON a.organization_id = x.organization_id AND a.id = x.agent_id";

  /**
   * The whole table: the bindings aggregated once and hash-joined (a lookup per number would cost
   * seconds).
   */
  private static final String ALL_HELD =
      "SELECT "
          + HELD_COLUMNS
          + " FROM phone_numbers n LEFT JOIN ("
          + BINDINGS_AGGREGATED
          + ", x.phone_number_id"
          + BINDINGS_OF_AGENTS
          + " GROUP BY x.phone_number_id) b"
          + " ON b.phone_number_id = n.id WHERE n.status <> 'released'";

  /**
   * A few numbers: their bindings looked up by index, and whether they have trunks (few do) to read
   * next.
   */
  private static final String SOME_HELD =
      "SELECT "
          + HELD_COLUMNS
          + ", EXISTS (SELECT 1 FROM trunks t"
          + " WHERE t.phone_number_id = n.id) FROM phone_numbers n LEFT JOIN LATERAL ("
          + BINDINGS_AGGREGATED
          + BINDINGS_OF_AGENTS
          + " WHERE x.phone_number_id = n.id) b ON true WHERE n.status <> 'released' AND ";

  private static final String RELEASED =
      "SELECT DISTINCT ON (r.number) r.number, r.released_at FROM phone_numbers r"
          + " WHERE r.status = 'released' AND r.released_at >= ?"
          + " AND NOT EXISTS (SELECT 1 FROM phone_numbers h WHERE h.number = r.number AND h.status <> 'released')";

  private final JooqTransactions transactions;

  public JooqRouteSource(JooqTransactions transactions) {
    this.transactions = transactions;
  }

  /**
   * Runs in a read-only REPEATABLE READ transaction of its own, so every statement reads the same
   * snapshot.
   */
  @Override
  public long loadAll(Instant releasedSince, Sink sink) {
    return transactions.inTransaction(() -> {
      long[] revision = new long[1];
      transactions
          .dsl()
          .connection(c -> {
            try (var s = c.createStatement()) {
              // must come first in the transaction: it fixes the snapshot the next statement takes
              s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
              try (ResultSet rs = s.executeQuery("SELECT value FROM revision_counter")) {
                rs.next();
                revision[0] = rs.getLong(1);
              }
            }
            // every event up to this revision was numbered after its change committed, so the
            // snapshot holds the change
            Map<UUID, List<Trunk>> trunks = trunks(DSL.trueCondition());
            stream(c, ALL_HELD, List.of(), trunks, sink);
            streamReleased(c, "", List.of(), releasedSince, sink);
          });
      return revision[0];
    });
  }

  /**
   * What a change costs the writer that waits for its own change in the cache: one statement for a
   * number without trunks that is still held, a second for its trunks or its release when it has
   * them.
   */
  @Override
  public void load(Collection<String> numbers, Instant releasedSince, Sink sink) {
    if (numbers.isEmpty()) {
      return;
    }
    String[] values = numbers.toArray(String[]::new);
    transactions
        .dsl()
        .connection(c -> {
          Array array = c.createArrayOf("text", values);
          Set<String> held = new HashSet<>();
          streamSome(
              c,
              "n.number = ANY(?)",
              List.of(array),
              route -> {
                held.add(route.number());
                sink.held(route);
              });
          if (held.size() < values.length) {
            String[] others =
                Arrays.stream(values).filter(v -> !held.contains(v)).toArray(String[]::new);
            streamReleased(
                c,
                " AND r.number = ANY(?)",
                List.of(c.createArrayOf("text", others)),
                releasedSince,
                sink);
          }
        });
  }

  @Override
  public void loadBoundTo(OrganizationId organizationId, AgentId agentId, Sink sink) {
    transactions
        .dsl()
        .connection(c ->
            streamSome(
                c,
                "EXISTS (SELECT 1 FROM bindings y WHERE y.phone_number_id = n.id"
                    + " AND y.organization_id = ? AND y.agent_id = ?)",
                List.of(organizationId.value(), agentId.value()),
                sink::held));
  }

  /**
   * Held numbers matching {@code condition}, with the trunks of those that have any read in one
   * more statement.
   */
  private void streamSome(
      Connection c, String condition, List<Object> parameters, Consumer<HeldRoute> sink)
      throws SQLException {
    List<HeldRoute> routes = new ArrayList<>();
    List<UUID> withTrunks = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(SOME_HELD + condition)) {
      for (int i = 0; i < parameters.size(); i++) {
        s.setObject(i + 1, parameters.get(i));
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          HeldRoute route = heldRoute(rs, Map.of());
          routes.add(route);
          if (rs.getBoolean(18)) {
            withTrunks.add(route.id().value());
          }
        }
      }
    }
    Map<UUID, List<Trunk>> trunks =
        withTrunks.isEmpty() ? Map.of() : trunks(TRUNKS.PHONE_NUMBER_ID.in(withTrunks));
    for (HeldRoute r : routes) {
      List<Trunk> own = trunks.get(r.id().value());
      sink.accept(
          own == null
              ? r
              : new HeldRoute(
                  r.id(),
                  r.organizationId(),
                  r.number(),
                  r.status(),
                  r.inboundEnabled(),
                  r.voiceEnabled(),
                  r.smsEnabled(),
                  r.inboundChannelLimit(),
                  r.inboundUrl(),
                  r.statusUrl(),
                  r.label(),
                  r.webhooks(),
                  r.bindings(),
                  own,
                  r.policies()));
    }
  }

  /**
   * Trunks are few next to numbers (only numbers brought by their organization have any): kept by
   * number id.
   */
  private Map<UUID, List<Trunk>> trunks(Condition which) {
    Map<UUID, List<Trunk>> byNumber = new HashMap<>();
    try (Cursor<TrunksRecord> cursor =
        transactions
            .dsl()
            .selectFrom(TRUNKS)
            .where(which)
            .orderBy(TRUNKS.CHANNEL)
            .fetchSize(FETCH_SIZE)
            .fetchLazy()) {
      for (TrunksRecord r : cursor) {
        byNumber
            .computeIfAbsent(r.getPhoneNumberId(), k -> new ArrayList<>(2))
            .add(JooqTrunkRepository.toTrunk(r));
      }
    }
    return byNumber;
  }

  private static void stream(
      Connection c, String sql, List<Object> parameters, Map<UUID, List<Trunk>> trunks, Sink sink)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setFetchSize(FETCH_SIZE);
      for (int i = 0; i < parameters.size(); i++) {
        s.setObject(i + 1, parameters.get(i));
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          sink.held(heldRoute(rs, trunks));
        }
      }
    }
  }

  private static HeldRoute heldRoute(ResultSet rs, Map<UUID, List<Trunk>> trunks)
      throws SQLException {
    UUID id = rs.getObject(1, UUID.class);
    return new HeldRoute(
        new PhoneNumberId(id),
        new OrganizationId(rs.getObject(2, UUID.class)),
        rs.getString(3),
        Columns.parse(NumberStatus.class, rs.getString(4)),
        rs.getBoolean(5),
        rs.getBoolean(6),
        rs.getBoolean(7),
        rs.getInt(8),
        Optional.ofNullable(rs.getString(9)),
        Optional.ofNullable(rs.getString(10)),
        Optional.ofNullable(rs.getString(11)),
        webhooks(rs.getString(12)),
        bindings(rs),
        trunks.getOrDefault(id, List.of()),
        Columns.policies(rs.getString(17)));
  }

  private static List<Webhook> webhooks(String json) {
    return json.equals("[]") ? List.of() : Columns.webhooks(JSON.valueOf(json));
  }

  private static List<BoundAgent> bindings(ResultSet rs) throws SQLException {
    Array channels = rs.getArray(13);
    if (channels == null) {
      return List.of();
    }
    String[] channel = (String[]) channels.getArray();
    String[] agentIds = (String[]) rs.getArray(14).getArray();
    String[] names = (String[]) rs.getArray(15).getArray();
    Long[] boundAtMicros = (Long[]) rs.getArray(16).getArray();
    var bound = new ArrayList<BoundAgent>(channel.length);
    for (int i = 0; i < channel.length; i++) {
      long micros = boundAtMicros[i];
      bound.add(
          new BoundAgent(
              Columns.parse(BindingChannel.class, channel[i]),
              new AgentId(agentIds[i]),
              Optional.ofNullable(names[i]),
              Instant.ofEpochSecond(
                  Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000L)));
    }
    return bound;
  }

  private static void streamReleased(
      Connection c, String condition, List<Object> parameters, Instant releasedSince, Sink sink)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(RELEASED + condition + " ORDER BY r.number, r.released_at DESC")) {
      s.setFetchSize(FETCH_SIZE);
      s.setObject(1, OffsetDateTime.ofInstant(releasedSince, ZoneOffset.UTC));
      for (int i = 0; i < parameters.size(); i++) {
        s.setObject(i + 2, parameters.get(i));
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          sink.released(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant());
        }
      }
    }
  }
}
