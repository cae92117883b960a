package io.switchboard.application.admin;

import io.switchboard.application.auth.ApiKeySecrets;
import io.switchboard.application.auth.AuthService;
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

/**
 * The platform organization {@code default} and its bootstrap key, which the service provisions at
 * startup from its configuration (not a use case: no caller asks for it).
 */
public final class BootstrapKeys {
  public static final String DEFAULT_ORGANIZATION = "default";

  /** The name that marks the keys {@link #ensureBootstrapKey} made. */
  public static final String BOOTSTRAP_KEY_NAME = "bootstrap";

  private final OrganizationRepository organizations;
  private final ApiKeyRepository keys;
  private final ChangeFeed feed;
  private final Transactions tx;
  private final AuthService auth;
  private final Clock clock;

  public BootstrapKeys(
      OrganizationRepository organizations,
      ApiKeyRepository keys,
      ChangeFeed feed,
      Transactions tx,
      AuthService auth,
      Clock clock) {
    this.organizations = organizations;
    this.keys = keys;
    this.feed = feed;
    this.tx = tx;
    this.auth = auth;
    this.clock = clock;
  }

  /**
   * Makes sure the organization {@code default} and a key with exactly this secret and every scope
   * exist, so a fresh deployment can be used at once. Idempotent across restarts and replicas. Only
   * the hash and a short prefix are stored. When the setting changed, the earlier bootstrap keys
   * are revoked (with a change event, so every replica drops them from its cache): a key that was
   * replaced in the configuration must not keep every scope. A configured key that was revoked
   * stays revoked.
   */
  public BootstrapKey ensureBootstrapKey(String secret) {
    if (!ApiKeySecrets.isWellFormed(secret)) {
      throw InvalidArgumentException.of("bootstrap_api_key", "must be " + ApiKeySecrets.FORMAT);
    }
    BootstrapKey result =
        tx.inTransaction(() -> {
          Instant now = clock.instant();
          Organization org =
              organizations
                  .findByName(DEFAULT_ORGANIZATION)
                  .orElseGet(() -> {
                    Organization created =
                        new Organization(
                            OrganizationId.random(),
                            DEFAULT_ORGANIZATION,
                            Organization.DEFAULT_PURCHASE_LIMIT,
                            now);
                    organizations.insert(created);
                    return created;
                  });
          byte[] hash = ApiKeySecrets.hash(secret);
          ApiKey key =
              keys.findBySecretHash(hash)
                  .orElseGet(() -> {
                    ApiKey created =
                        new ApiKey(
                            ApiKeyId.random(),
                            org.id(),
                            BOOTSTRAP_KEY_NAME,
                            ApiKeySecrets.displayPrefix(secret),
                            hash,
                            EnumSet.allOf(Scope.class),
                            now,
                            Optional.empty());
                    keys.insert(created);
                    return created;
                  });
          if (key.isRevoked()) {
            return new BootstrapKey(key, List.of());
          }
          List<ApiKey> revoked = new ArrayList<>();
          for (ApiKey earlier : keys.list(org.id())) {
            if (BOOTSTRAP_KEY_NAME.equals(earlier.name())
                && !earlier.isRevoked()
                && !earlier.id().equals(key.id())) {
              ApiKey next = earlier.revoke(now);
              keys.update(next);
              feed.append(
                  new ChangeEvent(
                      0,
                      next.organizationId(),
                      ResourceType.API_KEY,
                      next.id().toString(),
                      Optional.empty(),
                      ChangeAction.DELETED,
                      List.of(
                          new FieldChange(
                              "revoked",
                              Optional.empty(),
                              Optional.of("replaced bootstrap key " + next.prefix()))),
                      Optional.empty(),
                      Optional.empty(),
                      SourceApi.SYSTEM,
                      now));
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

  /**
   * Whether organization {@code default} has a usable key (so a fresh install prints a generated
   * one only once).
   */
  public boolean hasActiveBootstrapKey() {
    return tx.inTransaction(() ->
        organizations
            .findByName(DEFAULT_ORGANIZATION)
            .map(org -> keys.list(org.id()).stream().anyMatch(k -> !k.isRevoked()))
            .orElse(false));
  }
}
