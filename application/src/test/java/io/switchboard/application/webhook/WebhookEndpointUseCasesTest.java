package io.switchboard.application.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.application.UseCaseFixture;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.webhook.CreateWebhookEndpointUseCase.Command;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.change.FieldChange;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.PermissionDeniedException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.routing.HttpsUrl;
import io.switchboard.domain.webhook.WebhookDelivery;
import io.switchboard.domain.webhook.WebhookDeliveryStatus;
import io.switchboard.domain.webhook.WebhookDescription;
import io.switchboard.domain.webhook.WebhookEndpoint;
import io.switchboard.domain.webhook.WebhookEndpointId;
import io.switchboard.domain.webhook.WebhookEndpointPatch;
import io.switchboard.domain.webhook.WebhookEventType;
import io.switchboard.domain.webhook.WebhookSecret;
import io.switchboard.domain.webhook.WebhookStatus;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WebhookEndpointUseCasesTest {
  static UseCaseFixture app;

  @BeforeAll
  static void start() {
    app = UseCaseFixture.start();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static Command command(String url) {
    return new Command(
        new HttpsUrl(url),
        Set.of(WebhookEventType.NUMBER_PURCHASED, WebhookEventType.NUMBER_RELEASED),
        new WebhookDescription("billing"),
        true);
  }

  private static CreateWebhookEndpointUseCase.Created create(RequestContext ctx) {
    return app.webhooks().create().create(ctx, command("https://hooks.example.com/in"));
  }

  @Test
  void a_created_endpoint_shows_its_secret_once_and_stores_it_sealed() {
    var acme = app.tenant("acme");

    var created = create(acme.quickContext());

    assertThat(created.secret()).startsWith("whsec_");
    assertThat(Base64.getDecoder().decode(created.secret().substring("whsec_".length())))
        .hasSize(32);
    assertThat(created.toString()).doesNotContain(created.secret());
    WebhookEndpointView read =
        app.webhooks().get().get(acme.quickContext(), created.endpoint().id());
    assertThat(read).isEqualTo(created.endpoint());
    assertThat(read.status()).isEqualTo(WebhookStatus.ACTIVE);
    WebhookEndpoint stored =
        app.ports().webhookEndpoints().findById(acme.id(), read.id()).orElseThrow();
    assertThat(
            new String(stored.secret().ciphertext(), java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain(created.secret());
    assertThat(app.ports().cipher().open(stored.secret())).isEqualTo(created.secret());
  }

  @Test
  void two_endpoints_never_share_a_secret() {
    var acme = app.tenant("acme");

    assertThat(create(acme.quickContext()).secret())
        .isNotEqualTo(create(acme.quickContext()).secret());
  }

  @Test
  void a_new_endpoint_hears_only_of_changes_committed_after_it() {
    var acme = app.tenant("acme");
    acme.buy("+12084439101");
    long head = app.ports().changeFeed().latestRevision();

    var created = create(acme.quickContext());

    assertThat(app.ports().webhookEndpoints().cursor(created.endpoint().id())).isEqualTo(head);
  }

  @Test
  void a_private_or_loopback_url_is_refused() {
    var acme = app.tenant("acme");

    assertThatThrownBy(() ->
            app.webhooks().create().create(acme.quickContext(), command("https://127.0.0.1/in")))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() ->
            app.webhooks()
                .create()
                .create(acme.quickContext(), command("https://metadata.internal/in")))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void an_endpoint_needs_at_least_one_event_type() {
    assertThatThrownBy(() ->
            new Command(
                new HttpsUrl("https://hooks.example.com/in"),
                Set.of(),
                WebhookDescription.NONE,
                true))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class,
            e -> assertThat(e.violations().getFirst().field()).isEqualTo("event_types"));
  }

  @Test
  void reading_needs_numbers_read_and_writing_needs_numbers_write() {
    var acme = app.tenant("acme");
    var created = create(acme.quickContext());

    assertThatThrownBy(() -> create(acme.quickContext(Scope.NUMBERS_READ)))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() ->
            app.webhooks()
                .rollSecret()
                .roll(acme.quickContext(Scope.NUMBERS_READ), created.endpoint().id()))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() ->
            app.webhooks()
                .get()
                .get(acme.quickContext(Scope.INVENTORY_WRITE), created.endpoint().id()))
        .isInstanceOf(PermissionDeniedException.class);
    assertThat(
            app.webhooks()
                .get()
                .get(acme.quickContext(Scope.NUMBERS_READ), created.endpoint().id()))
        .isEqualTo(created.endpoint());
  }

  @Test
  void another_organization_sees_nothing_and_changes_nothing() {
    var acme = app.tenant("acme");
    var globex = app.tenant("globex");
    WebhookEndpointId id = create(acme.quickContext()).endpoint().id();
    RequestContext stranger = globex.quickContext();

    assertThatThrownBy(() -> app.webhooks().get().get(stranger, id))
        .isInstanceOfSatisfying(
            NotFoundException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.WEBHOOK_ENDPOINT_NOT_FOUND));
    assertThatThrownBy(() ->
            app.webhooks()
                .update()
                .update(
                    stranger,
                    id,
                    new WebhookEndpointPatch(
                        Patch.keep(), Patch.keep(), Patch.keep(), Patch.set(false))))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> app.webhooks().delete().delete(stranger, id))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> app.webhooks().rollSecret().roll(stranger, id))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(
            () -> app.webhooks().listDeliveries().list(stranger, id, 10, Optional.empty()))
        .isInstanceOf(NotFoundException.class);
    assertThat(app.webhooks().list().list(stranger, 100, Optional.empty()).items()).isEmpty();
    assertThat(app.webhooks().get().get(acme.quickContext(), id).enabled()).isTrue();
  }

  @Test
  void
      an_endpoints_creation_changes_secret_roll_and_deletion_are_in_the_audit_log_without_the_secret() {
    var acme = app.tenant("acme");
    long head = app.ports().changeFeed().latestRevision();
    RequestContext ctx = acme.quickContext();

    var created = create(ctx);
    WebhookEndpointId id = created.endpoint().id();
    app.webhooks()
        .update()
        .update(
            ctx,
            id,
            new WebhookEndpointPatch(
                Patch.keep(),
                Patch.keep(),
                Patch.set(new WebhookDescription("crm")),
                Patch.keep()));
    var rolled = app.webhooks().rollSecret().roll(ctx, id);
    app.webhooks().delete().delete(ctx, id);

    List<ChangeEvent> events =
        app.ports().changeFeed().after(acme.id(), head, 100).stream()
            .filter(e -> e.resourceType() == ResourceType.WEBHOOK_ENDPOINT)
            .toList();
    assertThat(events)
        .extracting(ChangeEvent::action)
        .containsExactly(
            ChangeAction.CREATED, ChangeAction.UPDATED, ChangeAction.UPDATED, ChangeAction.DELETED);
    assertThat(events).allSatisfy(e -> assertThat(e.resourceId()).isEqualTo(id.toString()));
    assertThat(events)
        .allSatisfy(e -> assertThat(e.actorKeyId()).contains(ctx.principal().keyId().toString()));
    assertThat(events.get(0).changes())
        .contains(
            new FieldChange("url", Optional.empty(), Optional.of("https://hooks.example.com/in")),
            new FieldChange("secret", Optional.empty(), Optional.of("(secret)")));
    assertThat(events.get(1).changes())
        .containsExactly(
            new FieldChange("description", Optional.of("billing"), Optional.of("crm")));
    assertThat(events.get(2).changes())
        .containsExactly(
            new FieldChange("secret", Optional.of("(secret)"), Optional.of("(secret)")));
    assertThat(events.toString()).doesNotContain(created.secret()).doesNotContain(rolled.secret());
    assertThat(WebhookEventType.of(ResourceType.WEBHOOK_ENDPOINT, ChangeAction.CREATED)).isEmpty();
  }

  @Test
  void an_update_changes_the_given_fields_and_disabling_then_enabling_resumes_as_active() {
    var acme = app.tenant("acme");
    WebhookEndpointId id = create(acme.quickContext()).endpoint().id();

    var disabled =
        app.webhooks()
            .update()
            .update(
                acme.quickContext(),
                id,
                new WebhookEndpointPatch(
                    Patch.set(new HttpsUrl("https://crm.example.com/hook")),
                    Patch.set(Set.of(WebhookEventType.TRUNK_DELETED)),
                    Patch.clear(),
                    Patch.set(false)));

    assertThat(disabled.url().value()).isEqualTo("https://crm.example.com/hook");
    assertThat(disabled.eventTypes()).containsExactly(WebhookEventType.TRUNK_DELETED);
    assertThat(disabled.description()).isEqualTo(WebhookDescription.NONE);
    assertThat(disabled.status()).isEqualTo(WebhookStatus.DISABLED);
    var enabled =
        app.webhooks()
            .update()
            .update(
                acme.quickContext(),
                id,
                new WebhookEndpointPatch(
                    Patch.keep(), Patch.keep(), Patch.keep(), Patch.set(true)));
    assertThat(enabled.status()).isEqualTo(WebhookStatus.ACTIVE);
    assertThat(enabled.url()).isEqualTo(disabled.url());
    assertThatThrownBy(() ->
            app.webhooks()
                .update()
                .update(
                    acme.quickContext(),
                    id,
                    new WebhookEndpointPatch(
                        Patch.set(new HttpsUrl("https://10.0.0.1/x")),
                        Patch.keep(),
                        Patch.keep(),
                        Patch.keep())))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void a_rolled_secret_is_new_and_the_old_one_keeps_signing_for_the_overlap() {
    var acme = app.tenant("acme");
    var created = create(acme.quickContext());
    WebhookEndpointId id = created.endpoint().id();

    var before = app.clock().instant();
    var rolled = app.webhooks().rollSecret().roll(acme.quickContext(), id);

    assertThat(rolled.secret()).startsWith("whsec_").isNotEqualTo(created.secret());
    assertThat(rolled.endpoint().previousSecretUntil().orElseThrow())
        .isBetween(
            before.plus(Duration.ofHours(24)), app.clock().instant().plus(Duration.ofHours(24)));
    WebhookEndpoint stored = app.ports().webhookEndpoints().findById(acme.id(), id).orElseThrow();
    assertThat(stored.signingSecrets(app.clock().instant()))
        .extracting(app.ports().cipher()::open)
        .containsExactly(rolled.secret(), created.secret());
    assertThat(stored.signingSecrets(app.clock().instant().plus(Duration.ofHours(25))))
        .extracting(app.ports().cipher()::open)
        .containsExactly(rolled.secret());
    assertThat(WebhookSecret.parse(rolled.secret()).value()).isEqualTo(rolled.secret());
  }

  @Test
  void endpoints_list_in_pages_and_a_deleted_one_is_gone() {
    var acme = app.tenant("acme");
    var first = create(acme.quickContext()).endpoint().id();
    var second = create(acme.quickContext()).endpoint().id();
    var third = create(acme.quickContext()).endpoint().id();

    var page = app.webhooks().list().list(acme.quickContext(), 2, Optional.empty());
    var rest = app.webhooks().list().list(acme.quickContext(), 2, page.next());
    app.webhooks().delete().delete(acme.quickContext(), second);

    assertThat(page.items()).extracting(WebhookEndpointView::id).containsExactly(first, second);
    assertThat(rest.items()).extracting(WebhookEndpointView::id).containsExactly(third);
    assertThat(app.webhooks().list().list(acme.quickContext(), 10, Optional.empty()).items())
        .extracting(WebhookEndpointView::id)
        .containsExactly(first, third);
    assertThatThrownBy(() -> app.webhooks().list().list(acme.quickContext(), 0, Optional.empty()))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> app.webhooks().list().list(acme.quickContext(), 101, Optional.empty()))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void a_failed_delivery_replays_with_its_id_and_body_and_a_fresh_window() {
    var acme = app.tenant("acme");
    WebhookEndpointId id = create(acme.quickContext()).endpoint().id();
    WebhookEndpoint endpoint = app.ports().webhookEndpoints().findById(acme.id(), id).orElseThrow();
    WebhookDelivery failed =
        WebhookDelivery.create(
                endpoint,
                42,
                WebhookEventType.NUMBER_PURCHASED,
                "phone_number/x",
                "{}",
                app.clock().instant())
            .failed(
                Optional.of(500),
                Duration.ofMillis(5),
                Optional.of("HTTP 500"),
                Optional.empty(),
                app.clock().instant());
    app.ports()
        .transactions()
        .run(() -> {
          app.ports().webhookDeliveries().insertIfAbsent(failed);
        });
    app.clock().advance(Duration.ofMinutes(5));
    var before = app.clock().instant();

    WebhookDelivery replayed =
        app.webhooks().replayDelivery().replay(acme.quickContext(), id, failed.id());

    assertThat(replayed.id()).isEqualTo(failed.id());
    assertThat(replayed.body()).isEqualTo(failed.body());
    assertThat(replayed.status()).isEqualTo(WebhookDeliveryStatus.PENDING);
    assertThat(replayed.windowStart()).isBetween(before, app.clock().instant());
    assertThat(
            app.webhooks()
                .listDeliveries()
                .list(acme.quickContext(), id, 10, Optional.empty())
                .items())
        .containsExactly(replayed);
    assertThatThrownBy(
            () -> app.webhooks().replayDelivery().replay(acme.quickContext(), id, "msg_unknown"))
        .isInstanceOfSatisfying(
            NotFoundException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.WEBHOOK_DELIVERY_NOT_FOUND));
  }
}
