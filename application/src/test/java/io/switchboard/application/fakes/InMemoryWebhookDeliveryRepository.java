package io.switchboard.application.fakes;

import io.switchboard.application.port.WebhookDeliveryRepository;
import io.switchboard.application.port.query.Page;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.webhook.WebhookDelivery;
import io.switchboard.domain.webhook.WebhookDeliveryStatus;
import io.switchboard.domain.webhook.WebhookEndpointId;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

public final class InMemoryWebhookDeliveryRepository implements WebhookDeliveryRepository {
  private final InMemoryDatabase db;

  public InMemoryWebhookDeliveryRepository(InMemoryDatabase db) {
    this.db = db;
  }

  @Override
  public boolean insertIfAbsent(WebhookDelivery delivery) {
    boolean endpointExists =
        db.webhookEndpoints.read(all -> all.containsKey(delivery.endpointId()));
    if (!endpointExists) {
      throw NotFoundException.of(
          Reason.WEBHOOK_ENDPOINT_NOT_FOUND, delivery.endpointId().toString());
    }
    return db.webhookDeliveries.write(all -> {
      boolean exists =
          all.values().stream()
              .anyMatch(d ->
                  d.endpointId().equals(delivery.endpointId())
                      && d.revision() == delivery.revision());
      if (exists || all.containsKey(delivery.id())) {
        return false;
      }
      all.put(delivery.id(), delivery);
      return true;
    });
  }

  @Override
  public List<WebhookDelivery> due(WebhookEndpointId endpointId, Instant now, int limit) {
    return db.webhookDeliveries.read(all ->
        all.values().stream()
            .filter(d -> d.endpointId().equals(endpointId))
            .filter(d -> d.status() == WebhookDeliveryStatus.PENDING)
            .collect(
                Collectors.toMap(
                    WebhookDelivery::resourceKey,
                    Function.identity(),
                    (a, b) -> a.revision() <= b.revision() ? a : b))
            .values()
            .stream()
            .filter(d -> !d.nextAttemptAt().orElseThrow().isAfter(now))
            .sorted(
                Comparator.comparing((WebhookDelivery d) -> d.nextAttemptAt().orElseThrow())
                    .thenComparingLong(WebhookDelivery::revision))
            .limit(limit)
            .toList());
  }

  @Override
  public void update(WebhookDelivery delivery) {
    db.webhookDeliveries.write(all -> {
      if (!all.containsKey(delivery.id())) {
        throw NotFoundException.of(Reason.WEBHOOK_DELIVERY_NOT_FOUND, delivery.id());
      }
      return all.put(delivery.id(), delivery);
    });
  }

  @Override
  public Optional<WebhookDelivery> find(
      OrganizationId organizationId, WebhookEndpointId endpointId, String deliveryId) {
    return db.webhookDeliveries.read(all ->
        Optional.ofNullable(all.get(deliveryId))
            .filter(d -> d.organizationId().equals(organizationId))
            .filter(d -> d.endpointId().equals(endpointId)));
  }

  @Override
  public Page<WebhookDelivery, Long> list(
      OrganizationId organizationId,
      WebhookEndpointId endpointId,
      int pageSize,
      Optional<Long> beforeRevision) {
    if (pageSize < 1) {
      throw InvalidArgumentException.of("page_size", "must be positive");
    }
    return db.webhookDeliveries.read(all -> {
      List<WebhookDelivery> rest =
          all.values().stream()
              .filter(d -> d.organizationId().equals(organizationId))
              .filter(d -> d.endpointId().equals(endpointId))
              .filter(d -> beforeRevision.map(b -> d.revision() < b).orElse(true))
              .sorted(Comparator.comparingLong(WebhookDelivery::revision).reversed())
              .toList();
      List<WebhookDelivery> page = rest.stream().limit(pageSize).toList();
      Optional<Long> next =
          rest.size() > pageSize ? Optional.of(page.getLast().revision()) : Optional.empty();
      return new Page<>(page, next, Optional.empty());
    });
  }

  @Override
  public long backlog(WebhookEndpointId endpointId) {
    return db.webhookDeliveries.read(all ->
        all.values().stream()
            .filter(d -> d.endpointId().equals(endpointId))
            .filter(d -> d.status() == WebhookDeliveryStatus.PENDING)
            .count());
  }
}
