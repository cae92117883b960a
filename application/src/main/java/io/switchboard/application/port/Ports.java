package io.switchboard.application.port;

import java.util.Objects;

/**
 * Every output port the use cases need, implemented by the persistence adapter (or by fakes in
 * tests).
 */
public record Ports(
    OrganizationRepository organizations,
    ApiKeyRepository apiKeys,
    AgentRepository agents,
    PhoneNumberRepository numbers,
    TrunkRepository trunks,
    BindingRepository bindings,
    InventoryRepository inventory,
    ChangeFeed changeFeed,
    RouteSource routes,
    IdempotencyStore idempotency,
    SecretCipher cipher,
    Transactions transactions,
    WebhookEndpointRepository webhookEndpoints,
    WebhookDeliveryRepository webhookDeliveries,
    JobRepository jobs) {
  public Ports {
    Objects.requireNonNull(organizations, "organizations");
    Objects.requireNonNull(apiKeys, "apiKeys");
    Objects.requireNonNull(agents, "agents");
    Objects.requireNonNull(numbers, "numbers");
    Objects.requireNonNull(trunks, "trunks");
    Objects.requireNonNull(bindings, "bindings");
    Objects.requireNonNull(inventory, "inventory");
    Objects.requireNonNull(changeFeed, "changeFeed");
    Objects.requireNonNull(routes, "routes");
    Objects.requireNonNull(idempotency, "idempotency");
    Objects.requireNonNull(cipher, "cipher");
    Objects.requireNonNull(transactions, "transactions");
    Objects.requireNonNull(webhookEndpoints, "webhookEndpoints");
    Objects.requireNonNull(webhookDeliveries, "webhookDeliveries");
    Objects.requireNonNull(jobs, "jobs");
  }
}
