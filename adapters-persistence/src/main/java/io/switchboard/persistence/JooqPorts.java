package io.switchboard.persistence;

import io.switchboard.application.port.Ports;
import io.switchboard.application.port.SecretCipher;
import java.time.Clock;
import javax.sql.DataSource;

/** Every output port on one PostgreSQL database, sharing one transaction manager. */
public final class JooqPorts {
  private JooqPorts() {}

  /**
   * @param dataSource the pool every repository shares
   * @param notificationConnections opens the dedicated connections change-feed subscriptions LISTEN
   *     on
   */
  public static Ports create(
      DataSource dataSource,
      Clock clock,
      JooqChangeFeed.NotificationConnections notificationConnections,
      SecretCipher cipher) {
    JooqTransactions transactions = new JooqTransactions(dataSource, clock);
    return new Ports(
        new JooqOrganizationRepository(transactions),
        new JooqApiKeyRepository(transactions),
        new JooqAgentRepository(transactions),
        new JooqPhoneNumberRepository(transactions),
        new JooqTrunkRepository(transactions),
        new JooqBindingRepository(transactions),
        new JooqInventoryRepository(transactions),
        new JooqChangeFeed(transactions, notificationConnections),
        new JooqRouteSource(transactions),
        new JooqIdempotencyStore(transactions),
        cipher,
        transactions,
        new JooqWebhookEndpointRepository(transactions),
        new JooqWebhookDeliveryRepository(transactions),
        new JooqJobRepository(transactions));
  }
}
