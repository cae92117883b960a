package io.switchboard.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.persistence.infra.Migrations;
import io.switchboard.persistence.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Migration V5 (issue 12): VoiceOS's inbound agent becomes the call binding, without loss. Data is
 * written into a schema at V4, as the previous release left it, then migrated: every old value is
 * either the call binding now or recorded in the change log, and the column is gone.
 */
class InboundAgentMigrationIT {
  private static final String SCHEMA = "before_v5";
  private static final UUID ORG = UUID.randomUUID();
  static TestDatabase database;

  @BeforeAll
  static void start() {
    database = TestDatabase.createFresh(InboundAgentMigrationIT.class);
  }

  @AfterAll
  static void stop() {
    database.close();
  }

  private static Flyway flyway(String target) {
    return Flyway.configure()
        .dataSource(database.dataSource())
        .schemas(SCHEMA)
        .createSchemas(true)
        .locations(Migrations.LOCATION)
        .target(target)
        .load();
  }

  @Test
  void every_old_inbound_agent_becomes_the_call_binding_or_a_recorded_change() throws Exception {
    flyway("4").migrate();
    UUID alone = UUID.randomUUID();
    UUID both = UUID.randomUUID();
    UUID olderTwin = UUID.randomUUID();
    UUID newerTwin = UUID.randomUUID();
    UUID agentBusy = UUID.randomUUID();
    UUID busyHolder = UUID.randomUUID();
    UUID textOnly = UUID.randomUUID();
    UUID unknownAgent = UUID.randomUUID();
    try (Connection c = connection()) {
      exec(
          c,
          "INSERT INTO organizations (id, name, purchase_limit, created_at) VALUES ('"
              + ORG
              + "', 'm', 10, now())");
      for (String agent : List.of("a", "b", "c", "d", "e", "f")) {
        exec(
            c,
            "INSERT INTO agents VALUES ('"
                + ORG
                + "', '"
                + agent
                + "', '"
                + agent
                + "', now(), now())");
      }
      number(c, alone, "+12085550001", true, "a", "2026-01-01");
      number(c, both, "+12085550002", true, "b", "2026-01-01");
      bind(c, both, "c");
      number(c, olderTwin, "+12085550003", true, "d", "2026-01-01");
      number(c, newerTwin, "+12085550004", true, "d", "2026-02-01");
      number(c, agentBusy, "+12085550005", true, "e", "2026-01-01");
      number(c, busyHolder, "+12085550006", true, null, "2026-01-01");
      bind(c, busyHolder, "e");
      number(c, textOnly, "+12085550007", false, "f", "2026-01-01");
      number(c, unknownAgent, "+12085550008", true, "ghost", "2026-01-01");
    }

    flyway("latest").migrate();

    try (Connection c = connection()) {
      assertThat(callBindings(c))
          .isEqualTo(Map.of(alone, "a", both, "c", newerTwin, "d", busyHolder, "e"));
      assertThat(
              query(
                  c,
                  "SELECT count(*) FROM information_schema.columns WHERE table_schema = '"
                      + SCHEMA
                      + "' AND table_name = 'phone_numbers' AND column_name = 'inbound_agent_id'"))
          .containsExactly("0");
      // nothing lost: the values that did not become the binding are in the change log
      assertThat(
              query(
                  c,
                  "SELECT resource_id || ' ' || (changes->0->>'field') || ' ' || (changes->0->>'from')"
                      + " FROM change_events WHERE resource_type = 'phone_number' ORDER BY number"))
          .containsExactly(
              both + " routing.inbound_agent_id b",
              olderTwin + " routing.inbound_agent_id d",
              agentBusy + " routing.inbound_agent_id e",
              textOnly + " routing.inbound_agent_id f",
              unknownAgent + " routing.inbound_agent_id ghost");
      assertThat(
              query(
                  c,
                  "SELECT resource_id || ' ' || action FROM change_events WHERE resource_type = 'binding'"
                      + " ORDER BY number"))
          .containsExactly(alone + "/call created", newerTwin + "/call created");
      // the etag covers bindings: every number whose agent moved has a new version
      assertThat(query(c, "SELECT number || ' ' || version FROM phone_numbers ORDER BY number"))
          .containsExactly(
              "+12085550001 2",
              "+12085550002 2",
              "+12085550003 2",
              "+12085550004 2",
              "+12085550005 2",
              "+12085550006 1",
              "+12085550007 2",
              "+12085550008 2");
    }
  }

  private static Connection connection() throws SQLException {
    Connection c = database.openConnection();
    exec(c, "SET search_path = " + SCHEMA);
    return c;
  }

  private static void number(
      Connection c, UUID id, String number, boolean voice, String inboundAgent, String updated)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO phone_numbers (id, organization_id, number, country,"
                + " type, source, status, compliance_status, compliance_requirements, capability_voice, capability_sms,"
                + " capability_mms, capability_fax, capability_emergency, capability_local_calling, location, monthly_fee,"
                + " currency, voice_enabled, voice_channel_limit, voice_destinations, sms_enabled, sms_channel_limit,"
                + " sms_destinations, inbound_enabled, inbound_channel_limit, inbound_agent_id, webhooks, created_at,"
                + " updated_at, version) VALUES (?, ?, ?, 'US', 'local', 'purchased', 'active', 'completed', '[]', ?, true,"
                + " false, false, false, false, 'Boise', 1.5, 'EUR', false, 0, '{}', false, 0, '{}', false, 0, ?, '[]',"
                + " now(), ?::timestamptz, 1)")) {
      s.setObject(1, id);
      s.setObject(2, ORG);
      s.setString(3, number);
      s.setBoolean(4, voice);
      s.setString(5, inboundAgent);
      s.setString(6, updated);
      s.executeUpdate();
    }
  }

  private static void bind(Connection c, UUID number, String agent) throws SQLException {
    exec(
        c,
        "INSERT INTO bindings VALUES ('"
            + number
            + "', 'call', '"
            + ORG
            + "', '"
            + agent
            + "', now())");
  }

  private static Map<UUID, String> callBindings(Connection c) throws SQLException {
    Map<UUID, String> result = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT phone_number_id, agent_id FROM bindings WHERE channel = 'call'")) {
      while (r.next()) {
        result.put(r.getObject(1, UUID.class), r.getString(2));
      }
    }
    return result;
  }

  private static List<String> query(Connection c, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        rows.add(r.getString(1));
      }
    }
    return rows;
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
