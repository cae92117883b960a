package io.switchboard.application.auth;

import io.switchboard.application.port.ApiKeyRepository;
import io.switchboard.application.port.Transactions;
import io.switchboard.domain.error.UnauthenticatedException;
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
 */
public final class AuthService implements AuthenticateUseCase {
  static final Duration CACHE_TTL = Duration.ofSeconds(5);
  private static final int MAX_TOKEN_LENGTH = 512;
  private static final int MAX_CACHE_ENTRIES = 10_000;

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
      Optional<ApiKey> key = tx.inTransaction(() -> keys.findBySecretHash(hash));
      Optional<Principal> found = key
          .filter(k -> MessageDigest.isEqual(k.secretHash(), hash))
          .filter(k -> !k.isRevoked())
          .map(ApiKey::principal);
      if (cache.size() > MAX_CACHE_ENTRIES) {
        cache.clear();
      }
      cache.put(cacheKey, new Cached(found, now.plus(CACHE_TTL)));
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

  private record Cached(Optional<Principal> principal, Instant expiresAt) {}

  /** The SHA-256 of a key as a map key: four longs compare and hash cheaper than an encoded string. */
  private record HashKey(long a, long b, long c, long d) {
    static HashKey of(byte[] sha256) {
      var longs = java.nio.ByteBuffer.wrap(sha256);
      return new HashKey(longs.getLong(), longs.getLong(), longs.getLong(), longs.getLong());
    }
  }
}
