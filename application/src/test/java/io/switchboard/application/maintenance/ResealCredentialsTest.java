package io.switchboard.application.maintenance;

import static io.switchboard.application.UseCaseSupport.sip;
import static io.switchboard.application.UseCaseSupport.trunk;
import static io.switchboard.application.UseCaseSupport.usNumber;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.application.UseCaseFixture;
import io.switchboard.application.fakes.InMemorySecretCipher;
import io.switchboard.application.trunk.TrunkRef;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.trunk.SealedSecret;
import io.switchboard.domain.trunk.Trunk;
import io.switchboard.domain.trunk.TrunkChannel;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ResealCredentials after a key rotation: everything under an earlier key is sealed again, nothing
 * is lost.
 */
class ResealCredentialsTest {
  private final InMemorySecretCipher cipher = new InMemorySecretCipher("old", java.util.Set.of());
  private final UseCaseFixture app = UseCaseFixture.start(cipher, Duration.ofDays(30));

  @AfterEach
  void stop() {
    app.close();
  }

  private TrunkRef register(
      UseCaseFixture.Tenant tenant, String number, String user, String password) {
    app.registerTrunk()
        .register(
            tenant.quickContext(),
            trunk(
                number,
                TrunkChannel.CALL,
                Optional.empty(),
                sip("sip.example.com", user, password)));
    return new TrunkRef.ByKey(E164.parse(number), TrunkChannel.CALL);
  }

  private Trunk stored(String number) {
    return app.ports().trunks().findAnywhere(E164.parse(number), TrunkChannel.CALL).orElseThrow();
  }

  @Test
  void after_a_rotation_every_credential_is_sealed_under_the_new_key_and_still_opens() {
    var acme = app.tenant("acme");
    var other = app.tenant("other");
    String first = usNumber();
    String second = usNumber();
    TrunkRef firstRef = register(acme, first, "user-1", "password-1");
    TrunkRef secondRef = register(other, second, "user-2", "password-2");
    assertThat(stored(first).sip().password().map(SealedSecret::keyId)).contains("old");

    cipher.rotateTo("new");
    ResealCredentialsUseCase.Outcome outcome = app.resealCredentials().resealAll();

    assertThat(outcome).isEqualTo(new ResealCredentialsUseCase.Outcome("new", 2, 0, 0));
    for (String number : new String[] {first, second}) {
      assertThat(stored(number).sip().username().map(SealedSecret::keyId)).contains("new");
      assertThat(stored(number).sip().password().map(SealedSecret::keyId)).contains("new");
    }
    cipher.forget("old");
    var credentials =
        app.trunkCredentials().credentials(acme.quickContext(Scope.TRUNK_CREDENTIALS), firstRef);
    assertThat(credentials.username()).contains("user-1");
    assertThat(credentials.password()).contains("password-1");
    assertThat(
            app.trunkCredentials()
                .credentials(other.quickContext(Scope.TRUNK_CREDENTIALS), secondRef)
                .password())
        .contains("password-2");
    // the trunk itself did not change: same version, so no client's etag went stale
    assertThat(stored(first).version()).isEqualTo(1);
    assertThat(app.resealCredentials().resealAll())
        .isEqualTo(new ResealCredentialsUseCase.Outcome("new", 0, 0, 0));
  }

  @Test
  void after_a_rotation_webhook_signing_secrets_current_and_previous_are_sealed_again() {
    var acme = app.tenant("acme");
    var created =
        app.webhooks()
            .create()
            .create(
                acme.quickContext(),
                new io.switchboard.application.webhook.CreateWebhookEndpointUseCase.Command(
                    new io.switchboard.domain.routing.HttpsUrl("https://hooks.example.com/in"),
                    java.util.Set.of(io.switchboard.domain.webhook.WebhookEventType.NUMBER_UPDATED),
                    io.switchboard.domain.webhook.WebhookDescription.NONE,
                    true));
    var id = created.endpoint().id();
    var rolled = app.webhooks().rollSecret().roll(acme.quickContext(), id);

    cipher.rotateTo("new");
    ResealCredentialsUseCase.Outcome outcome = app.resealCredentials().resealAll();

    assertThat(outcome).isEqualTo(new ResealCredentialsUseCase.Outcome("new", 1, 0, 0));
    cipher.forget("old");
    var stored = app.ports().webhookEndpoints().findById(acme.id(), id).orElseThrow();
    assertThat(stored.secret().keyId()).isEqualTo("new");
    assertThat(cipher.open(stored.secret())).isEqualTo(rolled.secret());
    assertThat(cipher.open(stored.previousSecret().orElseThrow())).isEqualTo(created.secret());
    assertThat(stored.version()).isEqualTo(2);
  }

  @Test
  void credentials_under_a_key_no_longer_configured_are_counted_unavailable_and_left_as_they_are() {
    var acme = app.tenant("acme");
    String lost = usNumber();
    register(acme, lost, "user-lost", "password-lost");
    cipher.rotateTo("new");
    cipher.forget("old");
    String fresh = usNumber();
    register(acme, fresh, "user-new", "password-new");

    ResealCredentialsUseCase.Outcome outcome = app.resealCredentials().resealAll();

    assertThat(outcome).isEqualTo(new ResealCredentialsUseCase.Outcome("new", 0, 1, 1));
    assertThat(stored(lost).sip().password().map(SealedSecret::keyId)).contains("old");
    assertThat(stored(fresh).sip().password().map(SealedSecret::keyId)).contains("new");
  }
}
