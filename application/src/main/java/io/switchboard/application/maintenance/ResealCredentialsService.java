package io.switchboard.application.maintenance;

import io.switchboard.application.port.SecretCipher;
import io.switchboard.application.port.Transactions;
import io.switchboard.application.port.TrunkRepository;
import io.switchboard.application.port.TrunkRepository.SealedCredentials;
import io.switchboard.application.port.WebhookEndpointRepository;
import io.switchboard.application.port.WebhookEndpointRepository.SealedSecrets;
import io.switchboard.domain.error.FailedPreconditionException;
import io.switchboard.domain.trunk.SealedSecret;
import io.switchboard.domain.trunk.TrunkId;
import io.switchboard.domain.webhook.WebhookEndpointId;
import java.util.List;
import java.util.Optional;

/**
 * Walks the trunks whose credentials, and the webhook endpoints whose signing secrets, are sealed
 * under an earlier key, in batches, and seals them again under the current one. Each is replaced in
 * its own short transaction and only if its credentials are unchanged since read, so an update
 * racing the pass is never overwritten with the older secret.
 */
public final class ResealCredentialsService implements ResealCredentialsUseCase {
  static final int BATCH = 100;

  private final TrunkRepository trunks;
  private final WebhookEndpointRepository webhooks;
  private final SecretCipher cipher;
  private final Transactions tx;

  public ResealCredentialsService(
      TrunkRepository trunks,
      WebhookEndpointRepository webhooks,
      SecretCipher cipher,
      Transactions tx) {
    this.trunks = trunks;
    this.webhooks = webhooks;
    this.cipher = cipher;
    this.tx = tx;
  }

  @Override
  public Outcome resealAll() {
    String current = cipher.currentKeyId();
    int resealed = 0;
    int unavailable = 0;
    Optional<TrunkId> after = Optional.empty();
    while (true) {
      Optional<TrunkId> from = after;
      List<SealedCredentials> batch =
          tx.read(Optional.empty(), () -> trunks.sealedUnderOtherKeys(current, from, BATCH));
      for (SealedCredentials before : batch) {
        after = Optional.of(before.trunkId());
        SealedCredentials resealedCredentials;
        try {
          resealedCredentials =
              new SealedCredentials(
                  before.trunkId(),
                  before.username().map(this::reseal),
                  before.password().map(this::reseal));
        } catch (FailedPreconditionException missingKey) {
          unavailable++;
          continue;
        }
        if (tx.inTransaction(() -> trunks.replaceSealed(before, resealedCredentials))) {
          resealed++;
        }
      }
      if (batch.size() < BATCH) {
        break;
      }
    }
    Optional<WebhookEndpointId> afterEndpoint = Optional.empty();
    while (true) {
      Optional<WebhookEndpointId> from = afterEndpoint;
      List<SealedSecrets> batch =
          tx.read(Optional.empty(), () -> webhooks.sealedUnderOtherKeys(current, from, BATCH));
      for (SealedSecrets before : batch) {
        afterEndpoint = Optional.of(before.endpointId());
        SealedSecrets again;
        try {
          again =
              new SealedSecrets(
                  before.endpointId(),
                  reseal(before.secret()),
                  before.previous().map(this::reseal));
        } catch (FailedPreconditionException missingKey) {
          unavailable++;
          continue;
        }
        if (tx.inTransaction(() -> webhooks.replaceSealed(before, again))) {
          resealed++;
        }
      }
      if (batch.size() < BATCH) {
        break;
      }
    }
    int remaining =
        tx.read(
            Optional.empty(),
            () ->
                trunks.sealedUnderOtherKeys(current, Optional.empty(), Integer.MAX_VALUE).size()
                    + webhooks
                        .sealedUnderOtherKeys(current, Optional.empty(), Integer.MAX_VALUE)
                        .size());
    return new Outcome(current, resealed, unavailable, remaining);
  }

  private SealedSecret reseal(SealedSecret sealed) {
    return cipher.needsResealing(sealed) ? cipher.seal(cipher.open(sealed)) : sealed;
  }
}
