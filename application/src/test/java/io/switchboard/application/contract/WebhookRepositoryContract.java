package io.switchboard.application.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.application.port.WebhookDeliveryRepository;
import io.switchboard.application.port.WebhookEndpointRepository;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.error.ConcurrencyConflictException;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.routing.HttpsUrl;
import io.switchboard.domain.webhook.WebhookDelivery;
import io.switchboard.domain.webhook.WebhookDeliveryStatus;
import io.switchboard.domain.webhook.WebhookDescription;
import io.switchboard.domain.webhook.WebhookEndpoint;
import io.switchboard.domain.webhook.WebhookEndpointId;
import io.switchboard.domain.webhook.WebhookEndpointPatch;
import io.switchboard.domain.webhook.WebhookEventType;
import io.switchboard.domain.webhook.WebhookStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The webhook endpoint and delivery ports, which share their tables. */
public abstract class WebhookRepositoryContract extends PortContract {
  private WebhookEndpointRepository endpoints() {
    return ports().webhookEndpoints();
  }

  private WebhookDeliveryRepository deliveries() {
    return ports().webhookDeliveries();
  }

  protected WebhookEndpoint newEndpoint(OrganizationId org, Instant createdAt) {
    WebhookEndpoint endpoint =
        WebhookEndpoint.create(
            WebhookEndpointId.random(),
            org,
            new HttpsUrl("https://hooks.example.com/switchboard"),
            Set.of(WebhookEventType.NUMBER_UPDATED, WebhookEventType.BINDING_BOUND),
            new WebhookDescription("billing"),
            true,
            ports().cipher().seal("whsec_secret"),
            createdAt);
    endpoints().insert(endpoint, 7);
    return endpoint;
  }

  private static WebhookDelivery message(WebhookEndpoint e, long revision, String resource) {
    return WebhookDelivery.create(
        e,
        revision,
        WebhookEventType.NUMBER_UPDATED,
        resource,
        "{\"type\":\"number.updated\",\"revision\":" + revision + "}",
        Samples.T0.plusSeconds(revision));
  }

  @Test
  void an_endpoint_reads_back_with_every_field_and_its_secret_still_opens() {
    OrganizationId org = newOrganization();
    WebhookEndpoint endpoint = newEndpoint(org, Samples.T0);

    assertThat(endpoints().findById(org, endpoint.id())).contains(endpoint);
    assertThat(ports().cipher().open(endpoints().findById(org, endpoint.id()).get().secret()))
        .isEqualTo("whsec_secret");
    assertThat(endpoints().cursor(endpoint.id())).isEqualTo(7);
  }

  @Test
  void another_organizations_endpoint_is_not_found_listed_or_deleted() {
    OrganizationId owner = newOrganization();
    OrganizationId stranger = newOrganization();
    WebhookEndpoint endpoint = newEndpoint(owner, Samples.T0);

    assertThat(endpoints().findById(stranger, endpoint.id())).isEmpty();
    assertThat(endpoints().lock(stranger, endpoint.id())).isEmpty();
    assertThat(endpoints().list(stranger, 10, Optional.empty()).items()).isEmpty();
    assertThat(endpoints().delete(stranger, endpoint.id())).isFalse();
    assertThat(endpoints().findById(owner, endpoint.id())).isPresent();
  }

  @Test
  void an_update_needs_the_stored_version_and_keeps_the_cursor() {
    OrganizationId org = newOrganization();
    WebhookEndpoint endpoint = newEndpoint(org, Samples.T0);
    WebhookEndpoint rolled =
        endpoint
            .apply(
                new WebhookEndpointPatch(
                    Patch.set(new HttpsUrl("https://other.example.com/x")),
                    Patch.set(Set.of(WebhookEventType.TRUNK_DELETED)),
                    Patch.clear(),
                    Patch.set(false)),
                Samples.T0.plusSeconds(5))
            .withRolledSecret(
                ports().cipher().seal("whsec_next"),
                Samples.T0.plusSeconds(6),
                Duration.ofHours(24));

    assertThatThrownBy(() -> endpoints().update(rolled))
        .isInstanceOf(ConcurrencyConflictException.class);
    WebhookEndpoint once =
        endpoint.apply(
            new WebhookEndpointPatch(
                Patch.keep(), Patch.keep(), Patch.set(new WebhookDescription("crm")), Patch.keep()),
            Samples.T0.plusSeconds(5));
    endpoints().update(once);
    WebhookEndpoint twice =
        once.withRolledSecret(
            ports().cipher().seal("whsec_next"), Samples.T0.plusSeconds(6), Duration.ofHours(24));
    endpoints().update(twice);

    WebhookEndpoint read = endpoints().findById(org, endpoint.id()).orElseThrow();
    assertThat(read).isEqualTo(twice);
    assertThat(ports().cipher().open(read.secret())).isEqualTo("whsec_next");
    assertThat(ports().cipher().open(read.previousSecret().orElseThrow()))
        .isEqualTo("whsec_secret");
    assertThat(endpoints().cursor(endpoint.id())).isEqualTo(7);
  }

  @Test
  void endpoints_list_oldest_first_in_pages() {
    OrganizationId org = newOrganization();
    List<WebhookEndpointId> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(newEndpoint(org, Samples.T0.plusSeconds(i)).id());
    }

    var first = endpoints().list(org, 2, Optional.empty());
    var second = endpoints().list(org, 2, first.next());
    var third = endpoints().list(org, 2, second.next());

    assertThat(first.items())
        .extracting(WebhookEndpoint::id)
        .containsExactlyElementsOf(created.subList(0, 2));
    assertThat(second.items())
        .extracting(WebhookEndpoint::id)
        .containsExactlyElementsOf(created.subList(2, 4));
    assertThat(third.items()).extracting(WebhookEndpoint::id).containsExactly(created.get(4));
    assertThat(third.next()).isEmpty();
  }

  @Test
  void one_owner_at_a_time_holds_an_endpoints_lease_and_only_the_holder_advances_its_cursor() {
    OrganizationId org = newOrganization();
    WebhookEndpoint endpoint = newEndpoint(org, Samples.T0);
    String a = "replica-a-" + UUID.randomUUID();
    String b = "replica-b-" + UUID.randomUUID();

    assertThat(endpoints().claim(a, Duration.ofMinutes(1), 1000))
        .extracting(WebhookEndpoint::id)
        .contains(endpoint.id());
    assertThat(endpoints().claim(b, Duration.ofMinutes(1), 1000))
        .extracting(WebhookEndpoint::id)
        .doesNotContain(endpoint.id());
    assertThat(endpoints().advance(endpoint.id(), b, 9)).isFalse();
    assertThat(endpoints().advance(endpoint.id(), a, 9)).isTrue();
    assertThat(endpoints().advance(endpoint.id(), a, 8)).isTrue();
    assertThat(endpoints().cursor(endpoint.id())).isEqualTo(9);

    endpoints().release(a);

    assertThat(endpoints().claim(b, Duration.ofMinutes(1), 1000))
        .extracting(WebhookEndpoint::id)
        .contains(endpoint.id());
    assertThat(endpoints().advance(endpoint.id(), a, 10)).isFalse();
  }

  @Test
  void a_disabled_endpoint_is_not_claimed_and_holds_back_no_purge() {
    OrganizationId org = newOrganization();
    WebhookEndpoint endpoint = newEndpoint(org, Samples.T0);
    endpoints().update(endpoint.disabledByReceiver(Samples.T0.plusSeconds(1)));

    assertThat(endpoints().claim("replica-" + UUID.randomUUID(), Duration.ofMinutes(1), 1000))
        .extracting(WebhookEndpoint::id)
        .doesNotContain(endpoint.id());
    assertThat(endpoints().findById(org, endpoint.id()).orElseThrow().status())
        .isEqualTo(WebhookStatus.DISABLED);
  }

  @Test
  void the_lowest_enabled_cursor_is_what_the_purge_must_keep_after() {
    OrganizationId org = newOrganization();
    WebhookEndpoint endpoint = newEndpoint(org, Samples.T0);
    String owner = "replica-" + UUID.randomUUID();
    endpoints().claim(owner, Duration.ofMinutes(1), 1000);

    assertThat(endpoints().lowestEnabledCursor()).isPresent();
    assertThat(endpoints().lowestEnabledCursor().getAsLong()).isLessThanOrEqualTo(7);
  }

  @Test
  void secrets_under_another_key_are_found_and_replaced_only_while_unchanged() {
    OrganizationId org = newOrganization();
    WebhookEndpoint endpoint = newEndpoint(org, Samples.T0);
    String current = endpoint.secret().keyId();

    var found =
        endpoints().sealedUnderOtherKeys("some-newer-key", Optional.empty(), 100_000).stream()
            .filter(s -> s.endpointId().equals(endpoint.id()))
            .findFirst()
            .orElseThrow();
    assertThat(found.secret()).isEqualTo(endpoint.secret());
    assertThat(endpoints().sealedUnderOtherKeys(current, Optional.empty(), 100_000))
        .noneMatch(s -> s.endpointId().equals(endpoint.id()));

    var again = ports().cipher().seal("whsec_secret");
    while (again.equals(endpoint.secret())) {
      again = ports().cipher().seal("whsec_secret");
    }
    var resealed =
        new WebhookEndpointRepository.SealedSecrets(endpoint.id(), again, Optional.empty());
    assertThat(endpoints().replaceSealed(found, resealed)).isTrue();
    assertThat(endpoints().replaceSealed(found, resealed)).as("no longer what was read").isFalse();
    WebhookEndpoint read = endpoints().findById(org, endpoint.id()).orElseThrow();
    assertThat(read.version()).isEqualTo(endpoint.version());
    assertThat(ports().cipher().open(read.secret())).isEqualTo("whsec_secret");
  }

  @Test
  void a_message_is_stored_once_per_endpoint_and_revision() {
    WebhookEndpoint endpoint = newEndpoint(newOrganization(), Samples.T0);

    assertThat(deliveries().insertIfAbsent(message(endpoint, 8, "phone_number/a"))).isTrue();
    assertThat(deliveries().insertIfAbsent(message(endpoint, 8, "phone_number/a"))).isFalse();
    assertThat(deliveries().backlog(endpoint.id())).isEqualTo(1);
  }

  @Test
  void only_each_resources_oldest_pending_message_is_due_and_only_once_its_time_has_come() {
    WebhookEndpoint endpoint = newEndpoint(newOrganization(), Samples.T0);
    WebhookDelivery a1 = message(endpoint, 8, "phone_number/a");
    WebhookDelivery b1 = message(endpoint, 9, "phone_number/b");
    WebhookDelivery a2 = message(endpoint, 10, "phone_number/a");
    WebhookDelivery c1 = message(endpoint, 11, "phone_number/c");
    List.of(a1, b1, a2, c1).forEach(deliveries()::insertIfAbsent);
    Instant now = Samples.T0.plusSeconds(60);
    // a's head waits for a retry: a2 waits behind it, b and c do not
    deliveries()
        .update(
            a1.failed(
                Optional.of(500),
                Duration.ofMillis(12),
                Optional.of("HTTP 500"),
                Optional.of(now.plusSeconds(30)),
                now.minusSeconds(1)));

    assertThat(deliveries().due(endpoint.id(), now, 10))
        .extracting(WebhookDelivery::revision)
        .containsExactly(9L, 11L);

    deliveries().update(b1.succeeded(204, Duration.ofMillis(3), now));
    // the longest waiting first: c has waited since it was made, a since its retry came due
    assertThat(deliveries().due(endpoint.id(), now.plusSeconds(31), 10))
        .extracting(WebhookDelivery::revision)
        .containsExactly(11L, 8L);
    assertThat(deliveries().backlog(endpoint.id())).isEqualTo(3);
  }

  @Test
  void the_delivery_log_lists_newest_first_in_pages_for_its_owner_only() {
    OrganizationId org = newOrganization();
    WebhookEndpoint endpoint = newEndpoint(org, Samples.T0);
    for (long revision = 8; revision < 13; revision++) {
      deliveries().insertIfAbsent(message(endpoint, revision, "phone_number/" + revision));
    }
    WebhookDelivery attempted =
        message(endpoint, 12, "phone_number/12")
            .failed(
                Optional.of(503),
                Duration.ofMillis(250),
                Optional.of("HTTP 503"),
                Optional.empty(),
                Samples.T0.plusSeconds(100));
    deliveries().update(attempted);

    var first = deliveries().list(org, endpoint.id(), 2, Optional.empty());
    var second = deliveries().list(org, endpoint.id(), 2, first.next());

    assertThat(first.items()).extracting(WebhookDelivery::revision).containsExactly(12L, 11L);
    assertThat(first.items().getFirst()).isEqualTo(attempted);
    assertThat(first.items().getFirst().status()).isEqualTo(WebhookDeliveryStatus.FAILED);
    assertThat(second.items()).extracting(WebhookDelivery::revision).containsExactly(10L, 9L);
    assertThat(deliveries().find(org, endpoint.id(), attempted.id())).contains(attempted);
    OrganizationId stranger = newOrganization();
    assertThat(deliveries().find(stranger, endpoint.id(), attempted.id())).isEmpty();
    assertThat(deliveries().list(stranger, endpoint.id(), 10, Optional.empty()).items()).isEmpty();
  }

  @Test
  void deleting_an_endpoint_deletes_its_messages() {
    OrganizationId org = newOrganization();
    WebhookEndpoint endpoint = newEndpoint(org, Samples.T0);
    WebhookDelivery m = message(endpoint, 8, "phone_number/a");
    deliveries().insertIfAbsent(m);

    assertThat(endpoints().delete(org, endpoint.id())).isTrue();

    assertThat(endpoints().findById(org, endpoint.id())).isEmpty();
    assertThat(deliveries().find(org, endpoint.id(), m.id())).isEmpty();
  }
}
