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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>A call never waits for the database to re-check a key it already vouched for: once a valid
 * key's answer is older than {@link #CACHE_TTL}, the next call is let in on it and the database is
 * asked again in the background (one lookup per key at a time, Caffeine's refresh-ahead idea). So
 * {@code ResolveInbound}, answered from the route cache, never stalls at the door behind a slow or
 * failing-over database. While the database cannot answer, a key it vouched for within {@link
 * #MAX_STALE} keeps working (asked about again every {@link #STALE_RETRY}). No key can be revoked
 * while the database is away, and a revocation invalidates every cached answer (the change feed
 * brings it from other replicas); an answer read before a revocation is never cached after it.
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
  private final Executor refreshes;
  private final Set<HashKey> refreshing = ConcurrentHashMap.newKeySet();

  /** Bumped by every invalidation: a lookup that began before one does not cache its answer. */
  private final AtomicLong generation = new AtomicLong();

  public AuthService(ApiKeyRepository keys, Transactions tx, RateLimiter rateLimiter, Clock clock) {
    this(keys, tx, rateLimiter, clock, FailedAuthentications.off(clock));
  }

  public AuthService(
      ApiKeyRepository keys,
      Transactions tx,
      RateLimiter rateLimiter,
      Clock clock,
      FailedAuthentications failures) {
    this(keys, tx, rateLimiter, clock, failures, BACKGROUND);
  }

  /**
   * @param refreshes where a valid key's expired answer is looked up again (tests pass {@code
   *     Runnable::run} to see the refresh at once)
   */
  public AuthService(
      ApiKeyRepository keys,
      Transactions tx,
      RateLimiter rateLimiter,
      Clock clock,
      FailedAuthentications failures,
      Executor refreshes) {
    this.refreshes = refreshes;
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
    } else if (cached != null && cached.vouchesAt(now)) {
      refreshInBackground(cacheKey, hash, cached);
      principal = cached.principal;
    } else {
      principal = lookUp(cacheKey, hash, now);
    }
    if (principal.isEmpty()) {
      throw refused(clientAddress);
    }
    rateLimiter.acquire(principal.get());
    return principal.get();
  }

  /**
   * A well-formed token whose valid answer is cached, fresh or still vouched for (an expired one is
   * re-checked in the background, never by the caller).
   */
  @Override
  public boolean acceptsFromMemory(String bearerToken) {
    if (bearerToken == null || !ApiKeySecrets.isWellFormed(bearerToken)) {
      return false;
    }
    Cached cached = cache.getIfPresent(HashKey.of(ApiKeySecrets.hash(bearerToken)));
    if (cached == null || cached.principal.isEmpty()) {
      return false;
    }
    Instant now = clock.instant();
    return now.isBefore(cached.expiresAt) || cached.vouchesAt(now);
  }

  /** Asks the database and caches its answer, unless a revocation came in the meantime. */
  private Optional<Principal> lookUp(HashKey cacheKey, byte[] hash, Instant now) {
    long before = generation.get();
    Optional<Principal> principal =
        tx.inTransaction(() -> keys.findBySecretHash(hash))
            .filter(k -> MessageDigest.isEqual(k.secretHash(), hash))
            .filter(k -> !k.isRevoked())
            .map(ApiKey::principal);
    cacheUnlessInvalidated(cacheKey, new Cached(principal, now.plus(CACHE_TTL), now), before);
    return principal;
  }

  private void refreshInBackground(HashKey cacheKey, byte[] hash, Cached stale) {
    if (!refreshing.add(cacheKey)) {
      return; // one lookup per key at a time
    }
    long before = generation.get();
    try {
      refreshes.execute(() -> {
        Instant now = clock.instant();
        try {
          lookUp(cacheKey, hash, now);
        } catch (UnavailableException databaseAway) {
          cacheUnlessInvalidated(
              cacheKey,
              new Cached(stale.principal, now.plus(STALE_RETRY), stale.verifiedAt),
              before);
        } catch (RuntimeException e) {
          log.warn("Re-checking an API key failed; the next call asks again", e);
        } finally {
          refreshing.remove(cacheKey);
        }
      });
    } catch (RuntimeException rejected) {
      refreshing.remove(cacheKey);
    }
  }

  private void cacheUnlessInvalidated(HashKey cacheKey, Cached answer, long generationBefore) {
    cache
        .asMap()
        .compute(cacheKey, (k, current) -> generation.get() == generationBefore ? answer : current);
  }

  /** Forgets cached answers, so a revocation is seen by the next request. */
  public void invalidateCache() {
    generation.incrementAndGet();
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

  private record Cached(Optional<Principal> principal, Instant expiresAt, Instant verifiedAt) {
    /**
     * A valid key the database vouched for recently enough to let a call in while it is asked
     * again.
     */
    boolean vouchesAt(Instant now) {
      return principal.isPresent() && !now.isAfter(verifiedAt.plus(MAX_STALE));
    }
  }

  /** Lookups run on virtual threads: they block on the database and are rare. */
  private static final Executor BACKGROUND =
      command -> Thread.ofVirtual().name("api-key-refresh").start(command);

  private static final Logger log = LoggerFactory.getLogger(AuthService.class);

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
