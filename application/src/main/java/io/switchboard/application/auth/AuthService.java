package io.switchboard.application.auth;

import io.switchboard.application.port.ApiKeyRepository;
import io.switchboard.application.port.Transactions;
import io.switchboard.domain.error.UnauthenticatedException;
import io.switchboard.domain.error.UnavailableException;
import io.switchboard.domain.org.ApiKey;
import io.switchboard.domain.org.Principal;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authenticates bearer API keys. Keys are looked up by the SHA-256 of the secret (the secret itself is never stored),
 * then the stored hash is compared in constant time. Recent answers are cached briefly so that the hot path does not
 * query the database per request. Revocations are seen at once through this process and, through the change feed,
 * within about a second through any other replica (the cache lifetime bounds it even if the feed is down).
 *
 * <p>While the database cannot answer, a key it vouched for within {@link #MAX_STALE} keeps working (asked about again
 * every {@link #STALE_RETRY}, not on every call): {@code ResolveInbound} answers from the route cache through a
 * database outage or failover, and it must not fail at the door instead. No key can be revoked while the database is
 * away, so this honours no revocation late unless a replica is cut off from a database others still reach.
 */
public final class AuthService implements AuthenticateUseCase {
  static final Duration CACHE_TTL = Duration.ofSeconds(5);
  private static final int MAX_TOKEN_LENGTH = 512;
  private static final int MAX_CACHE_ENTRIES = 10_000;
  static final Duration MAX_STALE = Duration.ofMinutes(10);
  static final Duration STALE_RETRY = Duration.ofSeconds(1);

  private final ApiKeyRepository keys;
  private final Transactions tx;
  private final RateLimiter rateLimiter;
  private final Clock clock;
  private final ConcurrentHashMap<HashKey, Cached> cache = new ConcurrentHashMap<>();

  public AuthService(ApiKeyRepository keys, Transactions tx, RateLimiter rateLimiter, Clock clock) {
    this.keys = keys;
    this.tx = tx;
    this.rateLimiter = rateLimiter;
    this.clock = clock;
  }

  @Override
  public Principal authenticate(String bearerToken) {
    if (bearerToken == null || bearerToken.isBlank()) {
      throw new UnauthenticatedException(UnauthenticatedException.MISSING, "authentication required");
    }
    if (bearerToken.length() > MAX_TOKEN_LENGTH || !printableAscii(bearerToken)) {
      throw invalid();
    }
    byte[] hash = ApiKeySecrets.hash(bearerToken);
    HashKey cacheKey = HashKey.of(hash);
    Instant now = clock.instant();
    Cached cached = cache.get(cacheKey);
    Principal principal;
    if (cached != null && now.isBefore(cached.expiresAt)) {
      principal = cached.principal.orElseThrow(AuthService::invalid);
    } else {
      Optional<ApiKey> key;
      try {
        key = tx.inTransaction(() -> keys.findBySecretHash(hash));
      } catch (UnavailableException databaseAway) {
        if (cached == null || cached.principal.isEmpty() || now.isAfter(cached.verifiedAt.plus(MAX_STALE))) {
          throw databaseAway;
        }
        cache.put(cacheKey, new Cached(cached.principal, now.plus(STALE_RETRY), cached.verifiedAt));
        rateLimiter.acquire(cached.principal.get().keyId());
        return cached.principal.get();
      }
      Optional<Principal> found = key
          .filter(k -> MessageDigest.isEqual(k.secretHash(), hash))
          .filter(k -> !k.isRevoked())
          .map(ApiKey::principal);
      if (cache.size() > MAX_CACHE_ENTRIES) {
        cache.clear();
      }
      cache.put(cacheKey, new Cached(found, now.plus(CACHE_TTL), now));
      principal = found.orElseThrow(AuthService::invalid);
    }
    rateLimiter.acquire(principal.keyId());
    return principal;
  }

  /** Forgets cached answers, so a revocation is seen by the next request. */
  public void invalidateCache() {
    cache.clear();
  }

  private static UnauthenticatedException invalid() {
    return new UnauthenticatedException(UnauthenticatedException.INVALID,
        "the provided token is invalid or has been revoked");
  }

  private static boolean printableAscii(String token) {
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= 32 || c >= 127) {
        return false;
      }
    }
    return true;
  }

  private record Cached(Optional<Principal> principal, Instant expiresAt, Instant verifiedAt) {}

  /** The SHA-256 of a key as a map key: four longs compare and hash cheaper than an encoded string. */
  private record HashKey(long a, long b, long c, long d) {
    static HashKey of(byte[] sha256) {
      var longs = java.nio.ByteBuffer.wrap(sha256);
      return new HashKey(longs.getLong(), longs.getLong(), longs.getLong(), longs.getLong());
    }
  }
}
