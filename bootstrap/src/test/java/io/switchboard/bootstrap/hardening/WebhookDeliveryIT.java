package io.switchboard.bootstrap.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.number.UpdatePhoneNumberUseCase;
import io.switchboard.bootstrap.Config;
import io.switchboard.bootstrap.WebhookReceiver;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.routing.HttpsUrl;
import io.switchboard.domain.routing.Label;
import io.switchboard.domain.routing.RoutingPatch;
import io.switchboard.domain.webhook.WebhookDescription;
import io.switchboard.domain.webhook.WebhookEndpoint;
import io.switchboard.domain.webhook.WebhookEndpointId;
import io.switchboard.domain.webhook.WebhookEventType;
import io.switchboard.domain.webhook.WebhookSecret;
import io.switchboard.persistence.JooqTransactions;
import io.switchboard.persistence.JooqWebhookEndpointRepository;
import io.switchboard.persistence.crypto.AesGcmSecretCipher;
import io.switchboard.persistence.testing.TestApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lifecycle webhooks end to end: two Switchboard processes on one database deliver to a real HTTPS
 * receiver on loopback (its CA trusted through SWITCHBOARD_WEBHOOK_TRUST_CA_FILE) that fails the
 * first attempt of every message; the replica delivering the endpoint is killed (SIGKILL) midway.
 * The receiver verifies each signature with the independent Standard Webhooks library and must see
 * every change exactly once after deduplicating by webhook-id, in revision order per resource.
 */
class WebhookDeliveryIT {
  private static final Duration START_LIMIT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int NUMBERS = 4;

  @TempDir static Path work;
  static TestApplication app;
  static WebhookReceiver receiver;

  @BeforeAll
  static void start() throws Exception {
    app = TestApplication.start(WebhookDeliveryIT.class);
    receiver = new WebhookReceiver(Files.createTempDirectory(work, "receiver"));
  }

  @AfterAll
  static void stop() throws Exception {
    receiver.close();
    app.close();
  }

  private static Map<String, String> settings(String secretKey) throws Exception {
    var db = app.database();
    Map<String, String> settings = new HashMap<>();
    settings.put(Config.DATABASE_URL, db.jdbcUrl());
    settings.put(Config.DATABASE_USER, db.user());
    if (db.password() != null && !db.password().isEmpty()) {
      settings.put(Config.DATABASE_PASSWORD, db.password());
    }
    settings.put(Config.SECRET_KEY, secretKey);
    settings.put(Config.DATA_DIR, Files.createTempDirectory(work, "data").toString());
    settings.put(Config.GRPC_PORT, "0");
    settings.put(Config.HTTP_PORT, "0");
    settings.put(Config.OUTBOUND_ALLOW_PRIVATE_TARGETS, "true");
    settings.put(Config.WEBHOOK_TRUST_CA_FILE, receiver.caFile().toString());
    settings.put(Config.WEBHOOK_TIMEOUT_MILLIS, "2000");
    settings.put(Config.WEBHOOK_BACKOFF_BASE_MILLIS, "200");
    settings.put(Config.WEBHOOK_BACKOFF_MAX_SECONDS, "1");
    settings.put(Config.WEBHOOK_RETRY_WINDOW_SECONDS, "300");
    settings.put(Config.WEBHOOK_LEASE_SECONDS, "5");
    settings.put(Config.WEBHOOK_POLL_MILLIS, "100");
    return settings;
  }

  private static String leaseOwner(WebhookEndpointId id) throws Exception {
    try (Connection c = app.database().openConnection();
        PreparedStatement select =
            c.prepareStatement("SELECT lease_owner FROM webhook_endpoints WHERE id = ?")) {
      select.setObject(1, id.value());
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? row.getString(1) : null;
      }
    }
  }

  /** The organization's changes the endpoint asked for, by revision: what must arrive. */
  private static Map<Long, String> expected(io.switchboard.domain.org.OrganizationId org)
      throws Exception {
    var expected = new LinkedHashMap<Long, String>();
    try (Connection c = app.database().openConnection();
        PreparedStatement select =
            c.prepareStatement(
                "SELECT revision, resource_type, resource_id, action FROM change_events"
                    + " WHERE organization_id = ? AND revision IS NOT NULL ORDER BY revision")) {
      select.setObject(1, org.value());
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          var type =
              WebhookEventType.of(
                  ResourceType.valueOf(row.getString(2).toUpperCase(java.util.Locale.ROOT)),
                  ChangeAction.valueOf(row.getString(4).toUpperCase(java.util.Locale.ROOT)));
          if (type.isPresent()) {
            expected.put(row.getLong(1), row.getString(3));
          }
        }
      }
    }
    return expected;
  }

  private static void label(TestApplication.Tenant tenant, PhoneNumberView number, String label) {
    app.useCases()
        .updatePhoneNumber()
        .update(
            tenant.quickContext(),
            UpdatePhoneNumberUseCase.Command.routing(
                PhoneNumberRef.of(number.number().id()),
                new RoutingPatch(
                    Patch.keep(),
                    Patch.keep(),
                    Patch.keep(),
                    Patch.set(new Label(label)),
                    Patch.keep(),
                    Patch.keep())));
  }

  @Test
  void every_change_arrives_signed_once_per_webhook_id_in_order_per_resource_across_a_replica_kill()
      throws Exception {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    String secretKey = "it:" + Base64.getEncoder().encodeToString(key);
    var cipher = new AesGcmSecretCipher("it", key);
    var acme = app.tenant("acme");
    WebhookSecret secret = WebhookSecret.generate(new SecureRandom());
    // set up as the create use case would, but on loopback (the in-process application refuses
    // private targets; the replicas allow them)
    WebhookEndpoint endpoint =
        WebhookEndpoint.create(
            WebhookEndpointId.random(),
            acme.id(),
            new HttpsUrl(receiver.url()),
            EnumSet.allOf(WebhookEventType.class),
            new WebhookDescription("it"),
            true,
            cipher.seal(secret.value()),
            app.clock().instant());
    var transactions = new JooqTransactions(app.database().dataSource(), Clock.systemUTC());
    transactions.run(() -> new JooqWebhookEndpointRepository(transactions).insert(endpoint, 0));

    // every message's first attempt fails
    Map<String, AtomicInteger> attemptsById = new ConcurrentHashMap<>();
    receiver.answer =
        r ->
            attemptsById
                        .computeIfAbsent(r.header("webhook-id"), id -> new AtomicInteger())
                        .incrementAndGet()
                    == 1
                ? 503
                : 204;

    List<PhoneNumberView> numbers = new ArrayList<>();
    for (int i = 0; i < NUMBERS; i++) {
      numbers.add(acme.buy("+1208777" + String.format("%04d", 1000 + i)));
    }
    ChildService first = ChildService.start(work, settings(secretKey));
    ChildService second = null;
    try {
      assertThat(first.awaitListening(START_LIMIT)).as("first: %s", first.output()).isTrue();
      await().atMost(Duration.ofSeconds(30)).until(() -> leaseOwner(endpoint.id()) != null);
      second = ChildService.start(work, settings(secretKey));
      assertThat(second.awaitListening(START_LIMIT)).as("second: %s", second.output()).isTrue();
      for (int round = 0; round < 3; round++) {
        for (PhoneNumberView n : numbers) {
          label(acme, n, "before-" + round);
        }
      }
      // the first replica holds the lease: it dies while delivering
      await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received.size() >= 6);
      String holder = leaseOwner(endpoint.id());
      first.kill();
      for (int round = 0; round < 3; round++) {
        for (PhoneNumberView n : numbers) {
          label(acme, n, "after-" + round);
        }
      }
      Map<Long, String> expected = expected(acme.id());
      assertThat(expected).hasSize(NUMBERS * 7);

      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> accepted().keySet().containsAll(expected.keySet()));
      assertThat(leaseOwner(endpoint.id())).isNotEqualTo(holder);

      var verifier = new Webhook(secret.value());
      Set<String> ids = new TreeSet<>();
      Map<Long, String> idByRevision = new HashMap<>();
      for (WebhookReceiver.Received r : receiver.received) {
        Map<String, List<String>> headers = new HashMap<>();
        r.headers().forEach((name, value) -> headers.put(name, List.of(value)));
        verifier.verify(r.body(), headers); // throws when the signature does not verify
        ids.add(r.header("webhook-id"));
        long revision = JSON.readTree(r.body()).at("/data/revision").asLong();
        String previous = idByRevision.putIfAbsent(revision, r.header("webhook-id"));
        assertThat(previous == null || previous.equals(r.header("webhook-id")))
            .as("one webhook-id per change")
            .isTrue();
      }
      // exactly once after deduplication: one id per expected change, and no other
      assertThat(idByRevision.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
      assertThat(ids).hasSize(expected.size());
      // in order per resource: a message's first accepted attempt (its second request) comes
      // after the previous message of its resource was accepted; later re-sends (a replica that
      // died before recording its attempt) are duplicates the receiver drops by webhook-id
      Map<String, List<Long>> acceptedPerResource = new HashMap<>();
      Map<String, Integer> requestsPerId = new HashMap<>();
      for (WebhookReceiver.Received r : receiver.received) {
        if (requestsPerId.merge(r.header("webhook-id"), 1, Integer::sum) != 2) {
          continue;
        }
        JsonNode body = JSON.readTree(r.body());
        acceptedPerResource
            .computeIfAbsent(body.at("/data/resource/id").asText(), k -> new ArrayList<>())
            .add(body.at("/data/revision").asLong());
      }
      assertThat(acceptedPerResource).hasSize(NUMBERS);
      acceptedPerResource.forEach((resource, revisions) ->
          assertThat(revisions).as("resource %s", resource).isSorted().hasSize(7));
      System.out.printf(
          "RELIABILITY webhooks: %d changes, %d requests (first attempts refused), 1 replica"
              + " killed, %d distinct webhook-ids, all signatures verified%n",
          expected.size(), receiver.received.size(), ids.size());
    } finally {
      if (second != null) {
        second.close();
      }
      first.close();
    }
  }

  /** The accepted (2xx) messages' revisions by webhook-id. */
  private static Map<Long, String> accepted() throws Exception {
    Map<Long, String> accepted = new HashMap<>();
    Map<String, Integer> count = new HashMap<>();
    for (WebhookReceiver.Received r : receiver.received) {
      int n = count.merge(r.header("webhook-id"), 1, Integer::sum);
      if (n >= 2) {
        accepted.put(JSON.readTree(r.body()).at("/data/revision").asLong(), r.header("webhook-id"));
      }
    }
    return accepted;
  }
}
