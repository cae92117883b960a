package io.switchboard.application.admin;

import io.switchboard.application.auth.ApiKeySecrets;
import io.switchboard.application.auth.AuthService;
import io.switchboard.application.common.ChangeRecorder;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.port.ApiKeyRepository;
import io.switchboard.application.port.ChangeFeed;
import io.switchboard.application.port.OrganizationRepository;
import io.switchboard.application.port.Transactions;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.change.FieldChange;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.change.SourceApi;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.org.ApiKey;
import io.switchboard.domain.org.ApiKeyId;
import io.switchboard.domain.org.Organization;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.org.Scope;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

public final class AdminService implements AdminUseCases {
  public static final String DEFAULT_ORGANIZATION = "default";
  /** The name that marks the keys {@link #ensureBootstrapKey} made. */
  public static final String BOOTSTRAP_KEY_NAME = "bootstrap";

  private final OrganizationRepository organizations;
  private final ApiKeyRepository keys;
  private final ChangeFeed feed;
  private final Transactions tx;
  private final ChangeRecorder recorder;
  private final AuthService auth;
  private final Clock clock;

  public AdminService(OrganizationRepository organizations, ApiKeyRepository keys, ChangeFeed feed, Transactions tx,
      AuthService auth, Clock clock) {
    this.organizations = organizations;
    this.keys = keys;
    this.feed = feed;
    this.tx = tx;
    this.auth = auth;
    this.clock = clock;
    this.recorder = new ChangeRecorder(feed, clock);
  }

  @Override
  public Organization createOrganization(RequestContext ctx, String name, Optional<Integer> purchaseLimit) {
    ctx.require(Scope.ADMIN);
    return tx.inTransaction(ctx.deadline(), () -> {
      Organization org = new Organization(OrganizationId.random(), name,
          purchaseLimit.orElse(Organization.DEFAULT_PURCHASE_LIMIT), clock.instant());
      organizations.insert(org);
      recorder.record(ctx, ResourceType.ORGANIZATION, org.id().toString(), Optional.empty(), ChangeAction.CREATED,
          List.of(new FieldChange("name", Optional.empty(), Optional.of(org.name()))));
      return org;
    });
  }

  @Override
  public CreatedApiKey createApiKey(RequestContext ctx, OrganizationId organizationId, String name, Set<Scope> scopes) {
    ctx.require(Scope.ADMIN);
    return tx.inTransaction(ctx.deadline(), () -> {
      Organization org = organizations.findById(organizationId)
          .orElseThrow(() -> NotFoundException.of(Reason.ORGANIZATION_NOT_FOUND, organizationId.toString()));
      if (!org.name().equals(DEFAULT_ORGANIZATION) && scopes.stream().anyMatch(Scope::isInternal)) {
        // an internal scope acts on every organization (routing, trunk credentials, administration): a tenant's key
        // holding one would reach the other tenants
        throw InvalidArgumentException.of("scopes", "internal scopes act platform-wide: only keys of the platform"
            + " organization '" + DEFAULT_ORGANIZATION + "' may hold them");
      }
      String secret = ApiKeySecrets.generate();
      ApiKey key = new ApiKey(ApiKeyId.random(), organizationId, name, ApiKeySecrets.displayPrefix(secret),
          ApiKeySecrets.hash(secret), scopes, clock.instant(), Optional.empty());
      keys.insert(key);
      feed.append(keyEvent(ctx, key, ChangeAction.CREATED));
      return new CreatedApiKey(key, secret);
    });
  }

  @Override
  public ApiKey revokeApiKey(RequestContext ctx, OrganizationId organizationId, ApiKeyId keyId) {
    ctx.require(Scope.ADMIN);
    ApiKey revoked = tx.inTransaction(ctx.deadline(), () -> {
      ApiKey key = keys.findById(organizationId, keyId).orElseThrow(() -> NotFoundException.of(Reason.API_KEY_NOT_FOUND, keyId.toString()));
      if (key.isRevoked()) {
        return key;
      }
      ApiKey next = key.revoke(clock.instant());
      keys.update(next);
      feed.append(keyEvent(ctx, next, ChangeAction.DELETED));
      return next;
    });
    auth.invalidateCache();
    return revoked;
  }

  @Override
  public List<ApiKey> listApiKeys(RequestContext ctx, OrganizationId organizationId) {
    ctx.require(Scope.ADMIN);
    return tx.inTransaction(ctx.deadline(), () -> keys.list(organizationId));
  }

  /**
   * Makes sure the organization {@code default} and a key with exactly this secret and every scope exist, so a fresh
   * deployment can be used at once. Idempotent across restarts and replicas. Only the hash and a short prefix are
   * stored. When the setting changed, the earlier bootstrap keys are revoked (with a change event, so every replica
   * drops them from its cache): a key that was replaced in the configuration must not keep every scope. A configured
   * key that was revoked stays revoked.
   */
  public BootstrapKey ensureBootstrapKey(String secret) {
    if (!ApiKeySecrets.isWellFormed(secret)) {
      throw InvalidArgumentException.of("bootstrap_api_key", "must be " + ApiKeySecrets.FORMAT);
    }
    BootstrapKey result = tx.inTransaction(() -> {
      Instant now = clock.instant();
      Organization org = organizations.findByName(DEFAULT_ORGANIZATION).orElseGet(() -> {
        Organization created = new Organization(OrganizationId.random(), DEFAULT_ORGANIZATION,
            Organization.DEFAULT_PURCHASE_LIMIT, now);
        organizations.insert(created);
        return created;
      });
      byte[] hash = ApiKeySecrets.hash(secret);
      ApiKey key = keys.findBySecretHash(hash).orElseGet(() -> {
        ApiKey created = new ApiKey(ApiKeyId.random(), org.id(), BOOTSTRAP_KEY_NAME, ApiKeySecrets.displayPrefix(secret),
            hash, EnumSet.allOf(Scope.class), now, Optional.empty());
        keys.insert(created);
        return created;
      });
      if (key.isRevoked()) {
        return new BootstrapKey(key, List.of());
      }
      List<ApiKey> revoked = new ArrayList<>();
      for (ApiKey earlier : keys.list(org.id())) {
        if (BOOTSTRAP_KEY_NAME.equals(earlier.name()) && !earlier.isRevoked() && !earlier.id().equals(key.id())) {
          ApiKey next = earlier.revoke(now);
          keys.update(next);
          feed.append(new ChangeEvent(0, next.organizationId(), ResourceType.API_KEY, next.id().toString(),
              Optional.empty(), ChangeAction.DELETED, List.of(new FieldChange("revoked", Optional.empty(),
                  Optional.of("replaced bootstrap key " + next.prefix()))), Optional.empty(), Optional.empty(),
              SourceApi.SYSTEM, now));
          revoked.add(next);
        }
      }
      return new BootstrapKey(key, revoked);
    });
    if (!result.revokedEarlier().isEmpty()) {
      auth.invalidateCache();
    }
    return result;
  }

  /** The bootstrap key now configured, and the earlier ones this call revoked. */
  public record BootstrapKey(ApiKey key, List<ApiKey> revokedEarlier) {
    public BootstrapKey {
      revokedEarlier = List.copyOf(revokedEarlier);
    }
  }

  /** Whether organization {@code default} has a usable key (so a fresh install prints a generated one only once). */
  public boolean hasActiveBootstrapKey() {
    return tx.inTransaction(() -> organizations.findByName(DEFAULT_ORGANIZATION)
        .map(org -> keys.list(org.id()).stream().anyMatch(k -> !k.isRevoked()))
        .orElse(false));
  }

  private ChangeEvent keyEvent(RequestContext ctx, ApiKey key, ChangeAction action) {
    return new ChangeEvent(0, key.organizationId(), ResourceType.API_KEY, key.id().toString(), Optional.empty(), action,
        List.of(new FieldChange("scopes", Optional.empty(),
            Optional.of(key.scopes().stream().map(Scope::wireName).sorted().toList().toString()))),
        Optional.of(ctx.principal().keyId().toString()), Optional.of(ctx.requestId()), ctx.sourceApi(), clock.instant());
  }
}
