package io.switchboard.application.auth;

import io.switchboard.domain.error.ResourceExhaustedException;
import io.switchboard.domain.org.ApiKeyId;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A token bucket per API key: {@code ratePerSecond} sustained, bursts up to {@code burst}. One key exhausting its
 * bucket never slows another. A rate of 0 turns limiting off.
 */
public final class RateLimiter {
  private final double ratePerSecond;
  private final double burst;
  private final Clock clock;
  private final ConcurrentHashMap<ApiKeyId, Bucket> buckets = new ConcurrentHashMap<>();
  private final LongAdder refusals = new LongAdder();

  public RateLimiter(double ratePerSecond, double burst, Clock clock) {
    this.ratePerSecond = ratePerSecond;
    this.burst = Math.max(1, burst);
    this.clock = clock;
  }

  public static RateLimiter unlimited(Clock clock) {
    return new RateLimiter(0, 1, clock);
  }

  /** Takes one token for the key or throws RATE_LIMITED with the time until one is available. */
  public void acquire(ApiKeyId key) {
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
