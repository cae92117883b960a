package io.switchboard.application.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.application.UseCaseFixture;
import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.number.UpdatePhoneNumberUseCase.Command;
import io.switchboard.application.port.WebhookSender;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.routing.HttpsUrl;
import io.switchboard.domain.routing.Label;
import io.switchboard.domain.routing.OutboundTargetPolicy;
import io.switchboard.domain.routing.RoutingPatch;
import io.switchboard.domain.webhook.WebhookDelivery;
import io.switchboard.domain.webhook.WebhookDeliveryStatus;
import io.switchboard.domain.webhook.WebhookDescription;
import io.switchboard.domain.webhook.WebhookEndpointId;
import io.switchboard.domain.webhook.WebhookEventType;
import io.switchboard.domain.webhook.WebhookRetryPolicy;
import io.switchboard.domain.webhook.WebhookSecret;
import io.switchboard.domain.webhook.WebhookStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The delivery engine on the fakes, with a receiver in memory and a clock the test moves. */
class WebhookDeliveryEngineTest {
  private final UseCaseFixture app = UseCaseFixture.start();
  private final RecordingSender receiver = new RecordingSender();
  private final List<WebhookDeliveryEngine> engines = new ArrayList<>();
  private final List<String> observed = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final UseCaseFixture.Tenant acme = app.tenant("acme");

  @AfterEach
  void stop() {
    engines.forEach(WebhookDeliveryEngine::close);
    app.close();
  }

  private WebhookDeliveryEngine engine(String owner) {
    var p = app.ports();
    var engine =
        new WebhookDeliveryEngine(
            p.webhookEndpoints(),
            p.webhookDeliveries(),
            p.changeFeed(),
            p.cipher(),
            p.transactions(),
            receiver,
            OutboundTargetPolicy.PUBLIC_ONLY,
            new WebhookDeliveryObserver() {
              @Override
              public void attempted(WebhookEndpointId endpoint, Outcome outcome, Duration latency) {
                observed.add(outcome.name());
              }

              @Override
              public void backlog(WebhookEndpointId endpoint, long pending) {}
            },
            app.clock(),
            new WebhookDeliveryEngine.Settings(
                new WebhookRetryPolicy(
                    Duration.ofMinutes(10), Duration.ofSeconds(10), Duration.ofMinutes(2)),
                Duration.ofMillis(50),
                Duration.ofSeconds(30),
                100),
            owner,
            new Random(7));
    engines.add(engine);
    return engine;
  }

  private CreateWebhookEndpointUseCase.Created endpoint(WebhookEventType... types) {
    return app.webhooks()
        .create()
        .create(
            acme.quickContext(),
            new CreateWebhookEndpointUseCase.Command(
                new HttpsUrl("https://hooks.example.com/in"),
                types.length == 0
                    ? EnumSet.allOf(WebhookEventType.class)
                    : EnumSet.of(types[0], types),
                WebhookDescription.NONE,
                true));
  }

  private void label(String number, String label) {
    RequestContext ctx = acme.quickContext();
    app.updatePhoneNumber()
        .update(
            ctx,
            Command.routing(
                PhoneNumberRef.of(E164.parse(number)),
                new RoutingPatch(
                    Patch.keep(),
                    Patch.keep(),
                    Patch.keep(),
                    Patch.set(new Label(label)),
                    Patch.keep(),
                    Patch.keep())));
  }

  /** Runs passes, moving the clock past any retry, until nothing is left to send. */
  private void drain(WebhookDeliveryEngine engine) {
    for (int i = 0; i < 50; i++) {
      engine.runOnce();
      app.clock().advance(Duration.ofMinutes(3));
    }
  }

  private static boolean verifies(RecordingSender.Request r, String secret) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(
        new SecretKeySpec(
            Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
    String expected =
        Base64.getEncoder()
            .encodeToString(
                mac.doFinal(
                    (r.id() + "." + r.headers().get("webhook-timestamp") + "." + r.body())
                        .getBytes(StandardCharsets.UTF_8)));
    return List.of(r.headers().get("webhook-signature").split(" ")).contains("v1," + expected);
  }

  @Test
  void a_purchase_and_an_update_arrive_signed_with_the_changed_fields_and_who_made_them()
      throws Exception {
    var created = endpoint();
    acme.buy("+12084439201");
    label("+12084439201", "support");
    Instant before = app.clock().instant();

    drain(engine("a"));

    assertThat(receiver.requests)
        .extracting(r -> r.body().substring(0, r.body().indexOf(',')))
        .containsExactly("{\"type\":\"number.purchased\"", "{\"type\":\"number.updated\"");
    for (var r : receiver.requests) {
      assertThat(verifies(r, created.secret())).isTrue();
      assertThat(r.id()).startsWith("msg_");
      assertThat(Long.parseLong(r.headers().get("webhook-timestamp")))
          .isBetween(before.getEpochSecond(), app.clock().instant().getEpochSecond());
      assertThat(r.body()).doesNotContain(created.secret());
    }
    String update = receiver.requests.get(1).body();
    assertThat(update)
        .contains("\"before\":{\"routing.label\":null}")
        .contains("\"after\":{\"routing.label\":\"support\"}")
        .contains("\"number\":\"+12084439201\"")
        .contains("\"actor\":\"")
        .contains("\"request_id\":\"");
  }

  @Test
  void an_endpoint_hears_only_the_event_types_it_asked_for() {
    endpoint(WebhookEventType.NUMBER_UPDATED);
    acme.buy("+12084439202");
    label("+12084439202", "sales");

    drain(engine("a"));

    assertThat(receiver.requests).hasSize(1);
    assertThat(receiver.requests.getFirst().body()).startsWith("{\"type\":\"number.updated\"");
  }

  @Test
  void a_failing_resource_holds_back_only_its_own_later_messages_which_then_arrive_in_order() {
    endpoint(WebhookEventType.NUMBER_UPDATED);
    acme.buy("+12084439203");
    acme.buy("+12084439204");
    label("+12084439203", "one");
    label("+12084439203", "two");
    label("+12084439204", "other");
    AtomicInteger failuresLeft = new AtomicInteger(3);
    receiver.answer =
        r ->
            r.body().contains("+12084439203") && failuresLeft.getAndDecrement() > 0
                ? new WebhookSender.Answered(503, Duration.ofMillis(4))
                : new WebhookSender.Answered(200, Duration.ofMillis(4));
    WebhookDeliveryEngine engine = engine("a");

    engine.runOnce();

    assertThat(receiver.requests)
        .extracting(r -> r.body().contains("\"routing.label\":\"other\""))
        .contains(true);
    drain(engine);
    List<String> firstNumber =
        receiver.requests.stream()
            .filter(r -> r.body().contains("+12084439203"))
            .filter(r -> r.headers().get("webhook-id") != null)
            .map(r -> r.body().contains("\"after\":{\"routing.label\":\"two\"}") ? "two" : "one")
            .toList();
    assertThat(firstNumber).containsExactly("one", "one", "one", "one", "two");
    assertThat(observed).contains("RETRYING", "SUCCEEDED");
  }

  @Test
  void a_message_whose_window_runs_out_fails_and_marks_the_endpoint_failing_then_replays() {
    var created = endpoint(WebhookEventType.NUMBER_PURCHASED);
    acme.buy("+12084439205");
    receiver.answer = r -> new WebhookSender.Failed("connect timed out", Duration.ofSeconds(10));
    WebhookDeliveryEngine engine = engine("a");

    drain(engine);

    var log =
        app.webhooks()
            .listDeliveries()
            .list(acme.quickContext(), created.endpoint().id(), 10, Optional.empty())
            .items();
    assertThat(log).hasSize(1);
    WebhookDelivery failed = log.getFirst();
    assertThat(failed.status()).isEqualTo(WebhookDeliveryStatus.FAILED);
    assertThat(failed.attempts()).isGreaterThan(3);
    assertThat(failed.lastError()).contains("connect timed out");
    assertThat(failed.nextAttemptAt()).isEmpty();
    assertThat(app.webhooks().get().get(acme.quickContext(), created.endpoint().id()).status())
        .isEqualTo(WebhookStatus.FAILING);
    int before = receiver.requests.size();

    receiver.answer = r -> new WebhookSender.Answered(200, Duration.ofMillis(5));
    app.webhooks()
        .replayDelivery()
        .replay(acme.quickContext(), created.endpoint().id(), failed.id());
    engine.runOnce();

    assertThat(receiver.requests).hasSize(before + 1);
    assertThat(receiver.requests.getLast().id()).isEqualTo(failed.id());
    assertThat(app.webhooks().get().get(acme.quickContext(), created.endpoint().id()).status())
        .isEqualTo(WebhookStatus.ACTIVE);
  }

  @Test
  void gone_disables_the_endpoint_and_nothing_more_is_sent() {
    var created = endpoint();
    acme.buy("+12084439206");
    receiver.answer = r -> new WebhookSender.Answered(410, Duration.ofMillis(5));
    WebhookDeliveryEngine engine = engine("a");

    engine.runOnce();
    label("+12084439206", "late");
    drain(engine);

    assertThat(receiver.requests).hasSize(1);
    var endpoint = app.webhooks().get().get(acme.quickContext(), created.endpoint().id());
    assertThat(endpoint.status()).isEqualTo(WebhookStatus.DISABLED);
    assertThat(endpoint.enabled()).isFalse();
    assertThat(observed).containsExactly("GONE");
  }

  @Test
  void while_a_secret_is_rolled_over_messages_verify_with_the_old_and_the_new_secret()
      throws Exception {
    var created = endpoint(WebhookEventType.NUMBER_PURCHASED);
    var rolled = app.webhooks().rollSecret().roll(acme.quickContext(), created.endpoint().id());
    acme.buy("+12084439207");

    engine("a").runOnce();

    var request = receiver.requests.getFirst();
    assertThat(request.headers().get("webhook-signature").split(" ")).hasSize(2);
    assertThat(verifies(request, created.secret())).isTrue();
    assertThat(verifies(request, rolled.secret())).isTrue();
    assertThat(verifies(request, WebhookSecret.generate(new Random(3)).value())).isFalse();
  }

  @Test
  void one_replica_delivers_an_endpoint_and_another_takes_over_when_its_lease_ends() {
    endpoint(WebhookEventType.NUMBER_UPDATED);
    acme.buy("+12084439208");
    WebhookDeliveryEngine a = engine("a");
    WebhookDeliveryEngine b = engine("b");
    label("+12084439208", "first");

    a.runOnce();
    label("+12084439208", "second");
    b.runOnce(); // a's lease still runs: b does nothing
    assertThat(receiver.requests).hasSize(1);

    app.clock().advance(Duration.ofMinutes(1)); // a died: its lease expires
    b.runOnce();

    assertThat(receiver.requests)
        .extracting(r -> r.body().contains("\"second\"") ? "second" : "first")
        .containsExactly("first", "second");
    assertThat(receiver.requests.stream().map(RecordingSender.Request::id).distinct()).hasSize(2);
  }

  @Test
  void the_retention_purge_keeps_changes_an_enabled_endpoint_has_not_read_yet() {
    endpoint(WebhookEventType.NUMBER_PURCHASED);
    acme.buy("+12084439209");
    long unread = app.ports().changeFeed().latestRevision();
    app.clock().advance(Duration.ofDays(40));

    app.retention().purge();

    assertThat(app.ports().changeFeed().oldestRevision()).isLessThanOrEqualTo(unread);
    drain(engine("a"));
    assertThat(receiver.requests).hasSize(1);
  }

  @Test
  void a_restart_loses_nothing_and_sends_nothing_twice_that_was_recorded() {
    endpoint(WebhookEventType.NUMBER_UPDATED);
    acme.buy("+12084439210");
    for (int i = 0; i < 5; i++) {
      label("+12084439210", "v" + i);
    }
    WebhookDeliveryEngine first = engine("a");
    first.runOnce();
    first.close(); // releases its lease
    WebhookDeliveryEngine second = engine("b");

    drain(second);

    Map<String, Long> perId =
        receiver.requests.stream()
            .collect(Collectors.groupingBy(RecordingSender.Request::id, Collectors.counting()));
    assertThat(perId).hasSize(5).allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
    assertThat(receiver.requests)
        .extracting(r -> r.body().replaceAll(".*\"routing.label\":\"(v\\d)\"}.*", "$1"))
        .containsExactly("v0", "v1", "v2", "v3", "v4");
  }
}
