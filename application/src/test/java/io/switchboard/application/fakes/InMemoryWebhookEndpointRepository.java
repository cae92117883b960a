package io.switchboard.application.fakes;

import io.switchboard.application.port.WebhookEndpointRepository;
import io.switchboard.application.port.query.Page;
import io.switchboard.domain.error.ConcurrencyConflictException;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.webhook.WebhookEndpoint;
import io.switchboard.domain.webhook.WebhookEndpointId;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

public final class InMemoryWebhookEndpointRepository implements WebhookEndpointRepository {
  /** PostgreSQL orders uuids by unsigned bytes, as their text does. */
  private static final Comparator<WebhookEndpointId> BY_ID =
      Comparator.comparing(id -> id.value().toString());

  private static final Comparator<Row> OLDEST_FIRST =
      Comparator.comparing((Row r) -> r.endpoint().createdAt())
          .thenComparing(r -> r.endpoint().id(), BY_ID);

  record Row(
      WebhookEndpoint endpoint,
      long cursor,
      Optional<String> leaseOwner,
      Optional<Instant> leaseExpiresAt) {
    Row withEndpoint(WebhookEndpoint next) {
      return new Row(next, cursor, leaseOwner, leaseExpiresAt);
    }
  }

  private final InMemoryDatabase db;

  public InMemoryWebhookEndpointRepository(InMemoryDatabase db) {
    this.db = db;
  }

  @Override
  public void insert(WebhookEndpoint endpoint, long cursor) {
    db.requireOrganization(endpoint.organizationId());
    db.webhookEndpoints.write(all -> {
      if (all.containsKey(endpoint.id())) {
        throw new IllegalStateException("an endpoint with this id exists already");
      }
      return all.put(endpoint.id(), new Row(endpoint, cursor, Optional.empty(), Optional.empty()));
    });
  }

  @Override
  public Optional<WebhookEndpoint> findById(OrganizationId organizationId, WebhookEndpointId id) {
    return db.webhookEndpoints.read(all ->
        Optional.ofNullable(all.get(id))
            .map(Row::endpoint)
            .filter(e -> e.organizationId().equals(organizationId)));
  }

  @Override
  public Optional<WebhookEndpoint> lock(OrganizationId organizationId, WebhookEndpointId id) {
    return findById(organizationId, id);
  }

  @Override
  public void update(WebhookEndpoint endpoint) {
    db.webhookEndpoints.write(all -> {
      Row stored = all.get(endpoint.id());
      if (stored == null
          || !stored.endpoint().organizationId().equals(endpoint.organizationId())
          || stored.endpoint().version() != endpoint.version() - 1) {
        throw ConcurrencyConflictException.staleEtag("webhook endpoint");
      }
      return all.put(endpoint.id(), stored.withEndpoint(endpoint));
    });
  }

  @Override
  public boolean delete(OrganizationId organizationId, WebhookEndpointId id) {
    boolean deleted =
        db.webhookEndpoints.write(all ->
            all.values()
                .removeIf(r ->
                    r.endpoint().id().equals(id)
                        && r.endpoint().organizationId().equals(organizationId)));
    if (deleted) {
      db.webhookDeliveries.write(all -> all.values().removeIf(d -> d.endpointId().equals(id)));
    }
    return deleted;
  }

  @Override
  public Page<WebhookEndpoint, WebhookEndpointId> list(
      OrganizationId organizationId, int pageSize, Optional<WebhookEndpointId> after) {
    if (pageSize < 1) {
      throw InvalidArgumentException.of("page_size", "must be positive");
    }
    return db.webhookEndpoints.read(all -> {
      List<Row> owned =
          all.values().stream()
              .filter(r -> r.endpoint().organizationId().equals(organizationId))
              .sorted(OLDEST_FIRST)
              .toList();
      Optional<Row> start =
          after.flatMap(a -> owned.stream().filter(r -> r.endpoint().id().equals(a)).findFirst());
      List<WebhookEndpoint> rest =
          owned.stream()
              .filter(r -> start.map(s -> OLDEST_FIRST.compare(r, s) > 0).orElse(true))
              .map(Row::endpoint)
              .toList();
      List<WebhookEndpoint> page = rest.stream().limit(pageSize).toList();
      Optional<WebhookEndpointId> next =
          rest.size() > pageSize ? Optional.of(page.getLast().id()) : Optional.empty();
      return new Page<>(page, next, Optional.empty());
    });
  }

  @Override
  public List<WebhookEndpoint> claim(String owner, Duration ttl, int limit) {
    Instant now = db.clock.instant();
    return db.webhookEndpoints.write(all ->
        all.values().stream()
            .filter(r -> r.endpoint().enabled())
            .filter(r ->
                r.leaseOwner().map(owner::equals).orElse(true)
                    || r.leaseExpiresAt().map(now::isAfter).orElse(true))
            .sorted(OLDEST_FIRST)
            .limit(limit)
            .map(r -> {
              all.put(
                  r.endpoint().id(),
                  new Row(
                      r.endpoint(), r.cursor(), Optional.of(owner), Optional.of(now.plus(ttl))));
              return r.endpoint();
            })
            .toList());
  }

  @Override
  public void release(String owner) {
    db.webhookEndpoints.write(all -> {
      all.replaceAll((id, r) ->
          r.leaseOwner().map(owner::equals).orElse(false)
              ? new Row(r.endpoint(), r.cursor(), Optional.empty(), Optional.empty())
              : r);
      return null;
    });
  }

  @Override
  public long cursor(WebhookEndpointId id) {
    return db.webhookEndpoints.read(
        all -> Optional.ofNullable(all.get(id)).map(Row::cursor).orElse(0L));
  }

  @Override
  public boolean advance(WebhookEndpointId id, String owner, long revision) {
    Instant now = db.clock.instant();
    return db.webhookEndpoints.write(all -> {
      Row r = all.get(id);
      if (r == null
          || !r.leaseOwner().map(owner::equals).orElse(false)
          || r.leaseExpiresAt().map(now::isAfter).orElse(true)) {
        return false;
      }
      all.put(
          id,
          new Row(
              r.endpoint(), Math.max(r.cursor(), revision), r.leaseOwner(), r.leaseExpiresAt()));
      return true;
    });
  }

  @Override
  public List<SealedSecrets> sealedUnderOtherKeys(
      String keyId, Optional<WebhookEndpointId> after, int limit) {
    return db.webhookEndpoints.read(all ->
        all.values().stream()
            .map(Row::endpoint)
            .filter(e ->
                !e.secret().keyId().equals(keyId)
                    || e.previousSecret().map(p -> !p.keyId().equals(keyId)).orElse(false))
            .filter(e -> after.map(a -> BY_ID.compare(e.id(), a) > 0).orElse(true))
            .sorted(Comparator.comparing(WebhookEndpoint::id, BY_ID))
            .limit(limit)
            .map(e -> new SealedSecrets(e.id(), e.secret(), e.previousSecret()))
            .toList());
  }

  @Override
  public boolean replaceSealed(SealedSecrets before, SealedSecrets after) {
    if (!before.endpointId().equals(after.endpointId())) {
      throw new IllegalArgumentException("before and after name different endpoints");
    }
    return db.webhookEndpoints.write(all -> {
      Row stored = all.get(before.endpointId());
      if (stored == null
          || !stored.endpoint().secret().equals(before.secret())
          || !stored.endpoint().previousSecret().equals(before.previous())) {
        return false;
      }
      WebhookEndpoint e = stored.endpoint();
      all.put(
          e.id(),
          stored.withEndpoint(
              new WebhookEndpoint(
                  e.id(),
                  e.organizationId(),
                  e.url(),
                  e.eventTypes(),
                  e.description(),
                  e.enabled(),
                  e.status(),
                  after.secret(),
                  after.previous(),
                  e.previousSecretUntil(),
                  e.version(),
                  e.createdAt(),
                  e.updatedAt())));
      return true;
    });
  }

  @Override
  public OptionalLong lowestEnabledCursor() {
    return db.webhookEndpoints.read(all ->
        all.values().stream().filter(r -> r.endpoint().enabled()).mapToLong(Row::cursor).min());
  }
}
