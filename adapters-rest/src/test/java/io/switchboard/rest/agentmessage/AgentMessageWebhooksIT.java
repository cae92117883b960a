package io.switchboard.rest.agentmessage;

import static io.switchboard.rest.agentmessage.AgentMessageIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.domain.org.Scope;
import io.switchboard.persistence.testing.TestApplication;
import io.switchboard.rest.voiceos.DialectTestServer;
import io.switchboard.rest.voiceos.DialectTestServer.Reply;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The webhook extension of the AgentMessage dialect over HTTP, with PostgreSQL behind it; every
 * response is checked against agentmessage.yaml.
 */
class AgentMessageWebhooksIT {
  static TestApplication app;
  static DialectTestServer http;
  static TestApplication.Tenant acme;
  static String writer;

  @BeforeAll
  static void start() {
    app = TestApplication.start(AgentMessageWebhooksIT.class);
    http = DialectTestServer.startRestApi(app.useCases(), app.clock());
    acme = app.tenant("acme");
    writer = acme.apiKey(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE);
  }

  @AfterAll
  static void stop() {
    http.close();
    app.close();
  }

  private static Reply create() {
    return http.post(
        "/v1/webhook-endpoints",
        writer,
        "{\"url\":\"https://billing.example/hooks\",\"event_types\":[\"number.purchased\","
            + "\"number.released\"],\"description\":\"billing\"}");
  }

  @Test
  void an_endpoint_is_created_with_its_secret_once_and_then_read_without_it() {
    Reply created = create();

    assertThat(created.status()).isEqualTo(201);
    String id = created.body().at("/data/id").asText();
    assertThat(created.body().at("/data/secret").asText()).startsWith("whsec_");
    assertThat(created.body().at("/data/status").asText()).isEqualTo("active");
    Reply read = http.get("/v1/webhook-endpoints/" + id, writer);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.body().at("/data").has("secret")).isFalse();
    assertThat(read.body().at("/data/event_types").toString())
        .contains("number.purchased", "number.released");
    Reply listed = http.get("/v1/webhook-endpoints?limit=100", writer);
    assertThat(listed.body().at("/data").findValuesAsText("id")).contains(id);
  }

  @Test
  void an_endpoint_is_updated_rolled_logged_and_deleted_and_each_change_is_audited()
      throws SQLException {
    String id = create().body().at("/data/id").asText();

    Reply patched =
        http.patch(
            "/v1/webhook-endpoints/" + id, writer, "{\"enabled\":false,\"description\":\"\"}");
    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.body().at("/data/status").asText()).isEqualTo("disabled");
    assertThat(patched.body().at("/data/description").asText()).isEmpty();
    Reply rolled = http.post("/v1/webhook-endpoints/" + id + "/roll-secret", writer, null);
    assertThat(rolled.status()).isEqualTo(200);
    assertThat(rolled.body().at("/data/secret").asText()).startsWith("whsec_");
    assertThat(rolled.body().at("/data/previous_secret_expires_at").isTextual()).isTrue();
    Reply log = http.get("/v1/webhook-endpoints/" + id + "/deliveries", writer);
    assertThat(log.status()).isEqualTo(200);
    assertThat(log.body().at("/data").size()).isZero();
    assertError(
        http.post("/v1/webhook-endpoints/" + id + "/deliveries/msg_unknown/replay", writer, null),
        404,
        "NOT_FOUND");

    assertThat(http.delete("/v1/webhook-endpoints/" + id, writer).status()).isEqualTo(200);
    assertError(http.get("/v1/webhook-endpoints/" + id, writer), 404, "NOT_FOUND");
    assertThat(auditedActions(id))
        .containsExactly(
            "created rest.agentmessage",
            "updated rest.agentmessage",
            "updated rest.agentmessage",
            "deleted rest.agentmessage");
  }

  /** The endpoint's change events as PostgreSQL holds them, oldest first. */
  private static List<String> auditedActions(String endpointId) throws SQLException {
    try (Connection c = app.database().openConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT action, source_api, changes::text FROM change_events"
                    + " WHERE resource_type = 'webhook_endpoint' AND resource_id = ? ORDER BY id")) {
      s.setString(1, endpointId);
      var actions = new ArrayList<String>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          assertThat(r.getString(3)).doesNotContain("whsec_");
          actions.add(r.getString(1) + " " + r.getString(2));
        }
      }
      return actions;
    }
  }

  @Test
  void a_create_or_roll_retried_with_its_idempotency_key_is_replayed_without_the_secret() {
    String body = "{\"url\":\"https://crm.example/hooks\",\"event_types\":[\"number.updated\"]}";
    String key = "create-" + java.util.UUID.randomUUID();

    Reply first = http.send("POST", "/v1/webhook-endpoints", writer, body, "Idempotency-Key", key);
    Reply again = http.send("POST", "/v1/webhook-endpoints", writer, body, "Idempotency-Key", key);

    assertThat(first.status()).isEqualTo(201);
    assertThat(first.body().at("/data/secret").asText()).startsWith("whsec_");
    assertThat(again.status()).isEqualTo(201);
    String id = first.body().at("/data/id").asText();
    assertThat(again.body().at("/data/id").asText()).isEqualTo(id);
    assertThat(again.body().at("/data").has("secret")).isFalse();
    assertThat(
            http.get("/v1/webhook-endpoints?limit=100", writer)
                .body()
                .at("/data")
                .findValuesAsText("url"))
        .containsOnlyOnce("https://crm.example/hooks");

    String roll = "/v1/webhook-endpoints/" + id + "/roll-secret";
    String rollKey = "roll-" + java.util.UUID.randomUUID();
    Reply rolled = http.send("POST", roll, writer, null, "Idempotency-Key", rollKey);
    Reply rolledAgain = http.send("POST", roll, writer, null, "Idempotency-Key", rollKey);
    assertThat(rolled.body().at("/data/secret").asText())
        .startsWith("whsec_")
        .isNotEqualTo(first.body().at("/data/secret").asText());
    assertThat(rolledAgain.status()).isEqualTo(200);
    assertThat(rolledAgain.body().at("/data").has("secret")).isFalse();
    assertThat(rolledAgain.body().at("/data/previous_secret_expires_at"))
        .isEqualTo(rolled.body().at("/data/previous_secret_expires_at"));
  }

  @Test
  void bad_fields_are_named_and_a_private_target_refused() {
    Reply bad =
        http.post(
            "/v1/webhook-endpoints",
            writer,
            "{\"url\":\"http://billing.example\",\"event_types\":[\"number.exploded\"]}");
    assertError(bad, 422, "VALIDATION_FAILED");
    assertThat(bad.body().at("/error/details").has("url")).isTrue();
    assertError(
        http.post(
            "/v1/webhook-endpoints",
            writer,
            "{\"url\":\"https://127.0.0.1/hook\",\"event_types\":[\"number.updated\"]}"),
        422,
        "VALIDATION_FAILED");
    assertError(
        http.post("/v1/webhook-endpoints", writer, "{\"url\":\"https://a.example\",\"x\":1}"),
        400,
        "INVALID_INPUT");
  }

  @Test
  void another_organization_and_a_key_without_the_scope_see_nothing() {
    String id = create().body().at("/data/id").asText();
    var globex = app.tenant("globex");

    assertError(
        http.get(
            "/v1/webhook-endpoints/" + id, globex.apiKey(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE)),
        404,
        "NOT_FOUND");
    assertError(create2(acme.apiKey(Scope.NUMBERS_READ)), 403, "FORBIDDEN");
  }

  private static Reply create2(String key) {
    return http.post(
        "/v1/webhook-endpoints",
        key,
        "{\"url\":\"https://billing.example/hooks\",\"event_types\":[\"number.purchased\"]}");
  }
}
