package io.switchboard.domain.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When a failed delivery is tried again: exponential backoff from {@code base}, doubling per
 * attempt up to {@code maxDelay}, with jitter (each delay drawn between half and all of it, so
 * receivers recovering from an outage are not hit by every sender at once), for as long as the
 * retry {@code window} lasts. Past the window the delivery has failed.
 */
public record WebhookRetryPolicy(Duration window, Duration base, Duration maxDelay) {
  public static final WebhookRetryPolicy DEFAULT =
      new WebhookRetryPolicy(Duration.ofHours(24), Duration.ofSeconds(5), Duration.ofHours(1));

  public WebhookRetryPolicy {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (!window.isPositive() || !base.isPositive() || maxDelay.compareTo(base) < 0) {
      throw new IllegalArgumentException(
          "the window and base must be positive, the maximum delay at least the base");
    }
  }

  /** The delay before the attempt after {@code failedAttempts} failed ones, without jitter. */
  public Duration delayAfter(int failedAttempts) {
    int doublings = Math.min(Math.max(failedAttempts - 1, 0), 40);
    long nanos = base.toNanos();
    long max = maxDelay.toNanos();
    for (int i = 0; i < doublings && nanos < max; i++) {
      nanos *= 2;
    }
    return Duration.ofNanos(Math.min(nanos, max));
  }

  /** When to try again after {@code failedAttempts} failed ones, if the window allows. */
  public Optional<Instant> nextAttempt(
      int failedAttempts, Instant windowStart, Instant now, RandomGenerator random) {
    long full = delayAfter(failedAttempts).toNanos();
    long jittered = full / 2 + (long) (random.nextDouble() * (full - full / 2));
    Instant next = now.plusNanos(jittered);
    return next.isAfter(windowStart.plus(window)) ? Optional.empty() : Optional.of(next);
  }
}
