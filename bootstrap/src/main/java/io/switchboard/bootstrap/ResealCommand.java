package io.switchboard.bootstrap;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.application.keys.ServerKeys;
import io.switchboard.application.maintenance.ResealCredentialsService;
import io.switchboard.application.maintenance.ResealCredentialsUseCase;
import io.switchboard.application.port.Ports;
import io.switchboard.persistence.JooqPorts;
import io.switchboard.persistence.crypto.AesGcmSecretCipher;
import io.switchboard.persistence.infra.Migrations;

/**
 * {@code java -jar switchboard.jar reseal}: seals every stored credential under the current secret
 * key once, with the same settings as the service, and reports how many. The last step of a key
 * rotation; afterwards the earlier keys can be removed from {@code
 * SWITCHBOARD_SECRET_KEYS_PREVIOUS}.
 */
final class ResealCommand {

  private ResealCommand() {}

  static ResealCredentialsUseCase.Outcome run(Config config) {
    SecretKeyMaterial secretKey =
        config.secretKey().orElseGet(() -> LocalSecretKey.loadOrCreate(config.secretKeyFile()));
    ServerKeys keys = Wiring.serverKeys(secretKey, config.dataAtRest().previousSecretKeys());
    try (Database database = Database.open(config, new SimpleMeterRegistry())) {
      Migrations.migrate(database.dataSource());
      Ports ports =
          JooqPorts.create(
              database.dataSource(),
              Switchboard.DATABASE_PRECISION_CLOCK,
              database.notificationConnections(),
              AesGcmSecretCipher.of(keys));
      return new ResealCredentialsService(
              ports.trunks(), ports.webhookEndpoints(), ports.cipher(), ports.transactions())
          .resealAll();
    }
  }

  /** One line for the operator. */
  static String describe(ResealCredentialsUseCase.Outcome outcome) {
    return "resealed the credentials of "
        + outcome.resealed()
        + " trunk(s) and webhook endpoint(s) under secret key '"
        + outcome.currentKeyId()
        + "'; "
        + outcome.unavailable()
        + " need a key that is not configured; "
        + outcome.remaining()
        + " trunk(s) and webhook endpoint(s) remain under other keys";
  }
}
