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
 * bindings (one joined row per number, a column triple per channel), the trunks, the releases in
 * quarantine. Rows stream through a cursor ({@link #FETCH_SIZE} at a time) inside a transaction, so
 * a million routes never sit in the driver's memory at once.
 */
public final class JooqRouteSource implements RouteSource {
  static final int FETCH_SIZE = 10_000;
  private static final BindingChannel[] CHANNELS = BindingChannel.values();
  private static final int MAX_AGENTS_KEPT = 10_000;

  /** The number's own columns; the bindings' follow from {@link #FIRST_BINDING_COLUMN}. */
  private static final String NUMBER_COLUMNS =
      "n.id, n.organization_id, n.number, n.status, n.inbound_enabled,"
          + " n.voice_enabled, n.sms_enabled, n.inbound_channel_limit, n.inbound_url, n.status_url,"
          + " n.label, n.webhooks::text, n.routing_policies::text";

  private static final int FIRST_BINDING_COLUMN = 14;

  /**
   * A number has at most one binding per channel, so each channel's binding (agent, agent's name,
   * bound at in microseconds) is three plain columns of one joined row: no arrays to decode and no
   * aggregation, which cost most of a bulk load when they were arrays.
   */
  private static final String HELD_COLUMNS;

  private static final String HELD_JOINS;

  static {
    var columns = new StringBuilder(NUMBER_COLUMNS);
    var joins = new StringBuilder(" FROM phone_numbers n");
    for (BindingChannel channel : CHANNELS) {
      String b = "b" + channel.ordinal();
      String a = "a" + channel.ordinal();
      columns
          .append(", ")
          .append(b)
          .append(".agent_id, ")
          .append(a)
          .append(".display_name, (extract(epoch FROM ")
          .append(b)
          .append(".bound_at) * 1000000)::bigint");
      joins
          .append(" LEFT JOIN bindings ")
          .append(b)
          .append(" ON ")
          .append(b)
          .append(".phone_number_id = n.id AND ")
          .append(b)
          .append(".channel = '")
          .append(Columns.lower(channel))
          .append("' LEFT JOIN agents ")
          .append(a)
          .append(" ON ")
          .append(a)
          .append(".organization_id = ")
          .append(b)
          .append(".organization_id AND ")
          .append(a)
          .append(".id = ")
          .append(b)
          .append(".agent_id");
    }
    HELD_COLUMNS = columns.toString();
    HELD_JOINS = joins.toString();
  }

  private static final int HAS_TRUNKS_COLUMN = FIRST_BINDING_COLUMN + 3 * CHANNELS.length;

  /** The whole table, streamed. */
  private static final String ALL_HELD =
      "SELECT " + HELD_COLUMNS + HELD_JOINS + " WHERE n.status <> 'released'";

  /**
   * A few numbers: their bindings looked up by index, and whether they have trunks (few do) to read
   * next.
   */
  private static final String SOME_HELD =
      "SELECT "
          + HELD_COLUMNS
          + ", EXISTS (SELECT 1 FROM trunks t WHERE t.phone_number_id = n.id)"
          + HELD_JOINS
          + " WHERE n.status <> 'released' AND ";

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
          HeldRoute route = heldRoute(rs, Map.of(), new HashMap<>());
          routes.add(route);
          if (rs.getBoolean(HAS_TRUNKS_COLUMN)) {
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
        // one agent is often bound to many numbers: its id is checked once per load, not per row
        Map<String, AgentId> agents = new HashMap<>();
        while (rs.next()) {
          if (agents.size() > MAX_AGENTS_KEPT) {
            agents.clear();
          }
          sink.held(heldRoute(rs, trunks, agents));
        }
      }
    }
  }

  private static HeldRoute heldRoute(
      ResultSet rs, Map<UUID, List<Trunk>> trunks, Map<String, AgentId> agents)
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
        bindings(rs, agents),
        trunks.getOrDefault(id, List.of()),
        Columns.policies(rs.getString(13)));
  }

  private static List<Webhook> webhooks(String json) {
    return json.equals("[]") ? List.of() : Columns.webhooks(JSON.valueOf(json));
  }

  private static List<BoundAgent> bindings(ResultSet rs, Map<String, AgentId> agents)
      throws SQLException {
    List<BoundAgent> bound = null;
    for (BindingChannel channel : CHANNELS) {
      int column = FIRST_BINDING_COLUMN + 3 * channel.ordinal();
      String agentId = rs.getString(column);
      if (agentId == null) {
        continue;
      }
      long micros = rs.getLong(column + 2);
      if (bound == null) {
        bound = new ArrayList<>(CHANNELS.length);
      }
      bound.add(
          new BoundAgent(
              channel,
              agents.computeIfAbsent(agentId, AgentId::new),
              Optional.ofNullable(rs.getString(column + 1)),
              Instant.ofEpochSecond(
                  Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000L)));
    }
    return bound == null ? List.of() : bound;
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
