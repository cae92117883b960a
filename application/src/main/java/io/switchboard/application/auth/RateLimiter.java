package io.switchboard.application.auth;

import io.switchboard.domain.error.ResourceExhaustedException;
import io.switchboard.domain.org.ApiKeyId;
import io.switchboard.domain.org.Principal;
import io.switchboard.domain.org.Scope;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A token bucket per API key: {@code ratePerSecond} sustained, bursts up to {@code burst}. One key
 * exhausting its bucket never slows another. A rate of 0 turns limiting off. Keys with a
 * platform-internal scope (call routers, operators) are another class with a limit of their own: a
 * router serves every call of the platform, far more than any tenant's key should. The buckets live
 * in this process: with several replicas, a key may make this many requests per second at each of
 * them.
 */
public final class RateLimiter {
  private final double ratePerSecond;
  private final double burst;
  private final double internalRatePerSecond;
  private final double internalBurst;
  private final Clock clock;
  private final ConcurrentHashMap<ApiKeyId, Bucket> buckets = new ConcurrentHashMap<>();
  private final LongAdder refusals = new LongAdder();

  /** The same limit for every key, internal ones included. */
  public RateLimiter(double ratePerSecond, double burst, Clock clock) {
    this(ratePerSecond, burst, ratePerSecond, burst, clock);
  }

  /**
   * @param internalRatePerSecond the sustained rate of keys with an {@code internal:*} scope (0:
   *     unlimited)
   */
  public RateLimiter(
      double ratePerSecond,
      double burst,
      double internalRatePerSecond,
      double internalBurst,
      Clock clock) {
    this.ratePerSecond = ratePerSecond;
    this.burst = Math.max(1, burst);
    this.internalRatePerSecond = internalRatePerSecond;
    this.internalBurst = Math.max(1, internalBurst);
    this.clock = clock;
  }

  public static RateLimiter unlimited(Clock clock) {
    return new RateLimiter(0, 1, clock);
  }

  /** Takes one token for the caller's key, from the bucket of its class, or throws RATE_LIMITED. */
  public void acquire(Principal principal) {
    if (principal.scopes().stream().anyMatch(Scope::isInternal)) {
      acquire(principal.keyId(), internalRatePerSecond, internalBurst);
    } else {
      acquire(principal.keyId(), ratePerSecond, burst);
    }
  }

  /**
   * Takes one token for the key (of the tenant class) or throws RATE_LIMITED with the time until
   * one is available.
   */
  public void acquire(ApiKeyId key) {
    acquire(key, ratePerSecond, burst);
  }

  private void acquire(ApiKeyId key, double ratePerSecond, double burst) {
    if (ratePerSecond <= 0) {
      return;
    }
    long nowNanos = clock.millis() * 1_000_000L;
    Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, nowNanos));
    double wait;
    synchronized (bucket) {
      double elapsedSeconds = Math.max(0, nowNanos - bucket.updatedNanos) / 1e9;
      bucket.tokens = Math.min(burst, bucket.tokens + elapsedSeconds * ratePerSecond);
      bucket.updatedNanos = Math.max(bucket.updatedNanos, nowNanos);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return;
      }
      wait = (1 - bucket.tokens) / ratePerSecond;
    }
    refusals.increment();
    throw ResourceExhaustedException.rateLimited(Duration.ofMillis((long) Math.ceil(wait * 1000)));
  }

  /** Requests refused so far (for metrics). */
  public long refusals() {
    return refusals.sum();
  }

  private static final class Bucket {
    double tokens;
    long updatedNanos;

    Bucket(double tokens, long updatedNanos) {
      this.tokens = tokens;
      this.updatedNanos = updatedNanos;
    }
  }
}
