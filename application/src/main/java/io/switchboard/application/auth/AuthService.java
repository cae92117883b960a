package io.switchboard.application.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.switchboard.application.port.ApiKeyRepository;
import io.switchboard.application.port.Transactions;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.error.UnauthenticatedException;
import io.switchboard.domain.error.UnavailableException;
import io.switchboard.domain.org.ApiKey;
import io.switchboard.domain.org.Principal;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Authenticates bearer API keys. A token that is not in the format of this service's keys is
 * refused before anything else (no database lookup); others are looked up by the SHA-256 of the
 * secret (the secret itself is never stored), then the stored hash is compared in constant time.
 * Recent answers are cached briefly so that the hot path does not query the database per request;
 * the cache is bounded by size and keeps the keys in use (Caffeine's frequency-aware eviction), so
 * a flood of random tokens neither grows it nor pushes the valid keys out. Revocations are seen at
 * once through this process and, through the change feed, within about a second through any other
 * replica (the cache lifetime bounds it even if the feed is down). Failed authentications are
 * counted per client address and slowed down by {@link FailedAuthentications}.
 *
 * <p>While the database cannot answer, a key it vouched for within {@link #MAX_STALE} keeps working
 * (asked about again every {@link #STALE_RETRY}, not on every call): {@code ResolveInbound} answers
 * from the route cache through a database outage or failover, and it must not fail at the door
 * instead. No key can be revoked while the database is away, so this honours no revocation late
 * unless a replica is cut off from a database others still reach.
 */
public final class AuthService implements AuthenticateUseCase {
  static final Duration CACHE_TTL = Duration.ofSeconds(5);
  static final int MAX_CACHE_ENTRIES = 10_000;
  static final Duration MAX_STALE = Duration.ofMinutes(10);
  static final Duration STALE_RETRY = Duration.ofSeconds(1);

  private final ApiKeyRepository keys;
  private final Transactions tx;
  private final RateLimiter rateLimiter;
  private final Clock clock;
  private final FailedAuthentications failures;
  private final Cache<HashKey, Cached> cache;

  public AuthService(ApiKeyRepository keys, Transactions tx, RateLimiter rateLimiter, Clock clock) {
    this(keys, tx, rateLimiter, clock, FailedAuthentications.off(clock));
  }

  public AuthService(
      ApiKeyRepository keys,
      Transactions tx,
      RateLimiter rateLimiter,
      Clock clock,
      FailedAuthentications failures) {
    this.keys = keys;
    this.tx = tx;
    this.rateLimiter = rateLimiter;
    this.clock = clock;
    this.failures = failures;
    // eviction runs on the calling thread: no background work, and tests see the bound at once
    this.cache =
        Caffeine.newBuilder().maximumSize(MAX_CACHE_ENTRIES).executor(Runnable::run).build();
  }

  @Override
  public Principal authenticate(String bearerToken) {
    return authenticate(bearerToken, UNKNOWN_CLIENT);
  }

  @Override
  public Principal authenticate(String bearerToken, String clientAddress) {
    if (bearerToken == null || bearerToken.isBlank()) {
      throw new UnauthenticatedException(Reason.MISSING_CREDENTIALS, "authentication required");
    }
    if (!ApiKeySecrets.isWellFormed(bearerToken)) {
      throw refused(clientAddress);
    }
    byte[] hash = ApiKeySecrets.hash(bearerToken);
    HashKey cacheKey = HashKey.of(hash);
    Instant now = clock.instant();
    Cached cached = cache.getIfPresent(cacheKey);
    Optional<Principal> principal;
    if (cached != null && now.isBefore(cached.expiresAt)) {
      principal = cached.principal;
    } else {
      Optional<ApiKey> key;
      try {
        key = tx.inTransaction(() -> keys.findBySecretHash(hash));
      } catch (UnavailableException databaseAway) {
        if (cached == null
            || cached.principal.isEmpty()
            || now.isAfter(cached.verifiedAt.plus(MAX_STALE))) {
          throw databaseAway;
        }
        cache.put(cacheKey, new Cached(cached.principal, now.plus(STALE_RETRY), cached.verifiedAt));
        rateLimiter.acquire(cached.principal.get());
        return cached.principal.get();
      }
      principal =
          key.filter(k -> MessageDigest.isEqual(k.secretHash(), hash))
              .filter(k -> !k.isRevoked())
              .map(ApiKey::principal);
      cache.put(cacheKey, new Cached(principal, now.plus(CACHE_TTL), now));
    }
    if (principal.isEmpty()) {
      throw refused(clientAddress);
    }
    rateLimiter.acquire(principal.get());
    return principal.get();
  }

  /** Forgets cached answers, so a revocation is seen by the next request. */
  public void invalidateCache() {
    cache.invalidateAll();
  }

  /** How many answers the cache holds now (bounded by {@value #MAX_CACHE_ENTRIES}). */
  long cachedAnswers() {
    return cache.estimatedSize();
  }

  private UnauthenticatedException refused(String clientAddress) {
    failures.failed(clientAddress);
    return new UnauthenticatedException(
        Reason.INVALID_CREDENTIALS, "the provided token is invalid or has been revoked");
  }

  private record Cached(Optional<Principal> principal, Instant expiresAt, Instant verifiedAt) {}

  /**
   * The SHA-256 of a key as a map key: four longs compare and hash cheaper than an encoded string.
   */
  private record HashKey(long a, long b, long c, long d) {
    static HashKey of(byte[] sha256) {
      var longs = java.nio.ByteBuffer.wrap(sha256);
      return new HashKey(longs.getLong(), longs.getLong(), longs.getLong(), longs.getLong());
    }
  }
}
