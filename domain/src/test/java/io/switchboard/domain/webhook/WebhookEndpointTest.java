package io.switchboard.domain.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.routing.HttpsUrl;
import io.switchboard.domain.trunk.SealedSecret;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookEndpointTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final SealedSecret FIRST = new SealedSecret("k", new byte[] {1});
  private static final SealedSecret SECOND = new SealedSecret("k", new byte[] {2});

  private static WebhookEndpoint endpoint() {
    return WebhookEndpoint.create(
        WebhookEndpointId.random(),
        new OrganizationId(UUID.randomUUID()),
        new HttpsUrl("https://hooks.example.com/in"),
        Set.of(WebhookEventType.NUMBER_UPDATED),
        WebhookDescription.NONE,
        true,
        FIRST,
        T0);
  }

  @Test
  void a_new_endpoint_is_active_when_enabled_and_disabled_otherwise() {
    assertThat(endpoint().status()).isEqualTo(WebhookStatus.ACTIVE);
    WebhookEndpoint off =
        WebhookEndpoint.create(
            WebhookEndpointId.random(),
            new OrganizationId(UUID.randomUUID()),
            new HttpsUrl("https://hooks.example.com/in"),
            Set.of(WebhookEventType.NUMBER_UPDATED),
            WebhookDescription.NONE,
            false,
            FIRST,
            T0);
    assertThat(off.status()).isEqualTo(WebhookStatus.DISABLED);
  }

  @Test
  void after_a_roll_both_secrets_sign_until_the_overlap_ends() {
    WebhookEndpoint rolled = endpoint().withRolledSecret(SECOND, T0, Duration.ofHours(24));

    assertThat(rolled.signingSecrets(T0.plusSeconds(60))).containsExactly(SECOND, FIRST);
    assertThat(rolled.signingSecrets(T0.plus(Duration.ofHours(24)))).containsExactly(SECOND);
    assertThat(rolled.version()).isEqualTo(2);
  }

  @Test
  void gone_disables_an_exhausted_window_marks_failing_and_a_success_makes_it_active_again() {
    WebhookEndpoint failing = endpoint().markedFailing(T0);
    assertThat(failing.status()).isEqualTo(WebhookStatus.FAILING);
    assertThat(failing.enabled()).isTrue();
    assertThat(failing.markedActive(T0).status()).isEqualTo(WebhookStatus.ACTIVE);
    WebhookEndpoint gone = failing.disabledByReceiver(T0);
    assertThat(gone.status()).isEqualTo(WebhookStatus.DISABLED);
    assertThat(gone.enabled()).isFalse();
    assertThat(gone.markedFailing(T0)).isSameAs(gone);
  }

  @Test
  void an_empty_patch_changes_nothing_and_bumps_no_version() {
    WebhookEndpoint e = endpoint();
    assertThat(e.apply(WebhookEndpointPatch.NONE, T0.plusSeconds(1))).isSameAs(e);
    assertThat(
            e.apply(
                    new WebhookEndpointPatch(
                        Patch.keep(), Patch.keep(), Patch.keep(), Patch.set(true)),
                    T0)
                .status())
        .isEqualTo(WebhookStatus.ACTIVE);
  }

  @Test
  void an_endpoint_wants_at_least_one_event_type() {
    assertThatThrownBy(() -> WebhookEndpoint.requireEventTypes(Set.of()))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void a_generated_secret_is_whsec_and_32_bytes_and_never_printed() {
    WebhookSecret secret = WebhookSecret.generate(new SecureRandom());

    assertThat(secret.value()).startsWith("whsec_");
    assertThat(Base64.getDecoder().decode(secret.value().substring(6))).hasSize(32);
    assertThat(secret.key()).hasSize(32);
    assertThat(WebhookSecret.parse(secret.value())).isEqualTo(secret);
    assertThat(secret.toString()).doesNotContain(secret.value().substring(6));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "whsec_", "sk_AAAA", "whsec_not base64!", "whsec_AAAA"})
  void a_malformed_secret_is_refused(String text) {
    assertThatThrownBy(() -> WebhookSecret.parse(text))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @ParameterizedTest
  @EnumSource(WebhookEventType.class)
  void every_event_type_reads_back_from_its_wire_name(WebhookEventType type) {
    assertThat(WebhookEventType.parse(type.wireName())).isEqualTo(type);
  }

  @Test
  void an_unknown_event_type_is_refused_naming_the_catalogue() {
    assertThatThrownBy(() -> WebhookEventType.parse("number.exploded"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("number.purchased");
  }

  @Test
  void changes_map_to_the_catalogue_and_others_to_nothing() {
    assertThat(WebhookEventType.of(ResourceType.PHONE_NUMBER, ChangeAction.CREATED))
        .contains(WebhookEventType.NUMBER_PURCHASED);
    assertThat(WebhookEventType.of(ResourceType.PHONE_NUMBER, ChangeAction.RELEASED))
        .contains(WebhookEventType.NUMBER_RELEASED);
    assertThat(WebhookEventType.of(ResourceType.BINDING, ChangeAction.DELETED))
        .contains(WebhookEventType.BINDING_UNBOUND);
    assertThat(WebhookEventType.of(ResourceType.TRUNK, ChangeAction.UPDATED))
        .contains(WebhookEventType.TRUNK_UPDATED);
    assertThat(WebhookEventType.of(ResourceType.API_KEY, ChangeAction.CREATED)).isEmpty();
  }

  @Test
  void a_description_is_one_printable_line_of_at_most_256_characters() {
    assertThat(new WebhookDescription(null)).isEqualTo(WebhookDescription.NONE);
    assertThatThrownBy(() -> new WebhookDescription("a\nb"))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> new WebhookDescription("x".repeat(257)))
        .isInstanceOf(InvalidArgumentException.class);
  }
}
