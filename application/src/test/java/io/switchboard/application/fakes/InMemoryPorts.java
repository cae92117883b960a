package io.switchboard.application.fakes;

import io.switchboard.application.port.Ports;
import io.switchboard.application.port.SecretCipher;
import java.time.Clock;

/**
 * Every output port in memory over one {@link InMemoryDatabase}: the application without
 * PostgreSQL.
 */
public final class InMemoryPorts {
  private InMemoryPorts() {}

  public static Ports create() {
    return create(Clock.systemUTC(), new InMemorySecretCipher());
  }

  public static Ports create(Clock clock, SecretCipher cipher) {
    return over(new InMemoryDatabase(clock), cipher);
  }

  /**
   * The ports over {@code db}, which a test may also read directly (what a test would otherwise ask
   * SQL).
   */
  public static Ports over(InMemoryDatabase db, SecretCipher cipher) {
    var feed = new InMemoryChangeFeed(db);
    return new Ports(
        new InMemoryOrganizationRepository(db),
        new InMemoryApiKeyRepository(db),
        new InMemoryAgentRepository(db),
        new InMemoryPhoneNumberRepository(db),
        new InMemoryTrunkRepository(db),
        new InMemoryBindingRepository(db),
        new InMemoryInventoryRepository(db),
        feed,
        new InMemoryRouteSource(db, feed),
        new InMemoryIdempotencyStore(db),
        cipher,
        db.transactions(),
        new InMemoryWebhookEndpointRepository(db),
        new InMemoryWebhookDeliveryRepository(db),
        new InMemoryJobRepository(db));
  }
}
