package io.switchboard.domain.error;

import io.switchboard.domain.error.ErrorDetail.PurchaseLimit;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A quota or rate limit was reached: the purchase cap of an organization, a key's request rate or
 * its open streams.
 */
public final class ResourceExhaustedException extends DomainException {
  private final Duration retryAfter;

  private ResourceExhaustedException(
      Reason reason, String message, Map<String, String> metadata, Duration retryAfter) {
    super(reason, message, metadata);
    this.retryAfter = retryAfter;
  }

  private ResourceExhaustedException(Reason reason, String message, ErrorDetail detail) {
    super(reason, message, detail);
    this.retryAfter = null;
  }

  public static ResourceExhaustedException purchaseLimit(int limit, long current) {
    return new ResourceExhaustedException(
        Reason.PURCHASE_LIMIT_REACHED,
        "purchase limit reached: " + current + " of " + limit + " active purchased numbers",
        new PurchaseLimit(limit, current));
  }

  public static ResourceExhaustedException rateLimited(Duration retryAfter) {
    long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    return new ResourceExhaustedException(
        Reason.RATE_LIMITED,
        "rate limit exceeded; retry after " + seconds + " s",
        Map.of("retry_after_seconds", Long.toString(seconds)),
        retryAfter);
  }

  /** An API key already holds its limit of open watch streams. */
  public static ResourceExhaustedException tooManyStreams(int limit) {
    return new ResourceExhaustedException(
        Reason.TOO_MANY_STREAMS,
        "this API key already holds its limit of " + limit + " open watch streams; close one first",
        Map.of("limit", Integer.toString(limit)),
        null);
  }

  public static ResourceExhaustedException tooManyExports(int limit) {
    return new ResourceExhaustedException(
        Reason.TOO_MANY_STREAMS,
        "this organization already runs its limit of "
            + limit
            + " audit exports at once; retry when one has finished",
        Map.of("limit", Integer.toString(limit)),
        null);
  }

  /**
   * This replica already holds its limit of calls waiting for a thread; another replica, or this
   * one later, may serve.
   */
  public static ResourceExhaustedException serverOverloaded(
      int maxQueuedCalls, Duration retryAfter) {
    long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    return new ResourceExhaustedException(
        Reason.SERVER_OVERLOADED,
        "the server is overloaded ("
            + maxQueuedCalls
            + " calls already wait for a thread); retry after "
            + seconds
            + " s",
        Map.of(
            "max_queued_calls",
            Integer.toString(maxQueuedCalls),
            "retry_after_seconds",
            Long.toString(seconds)),
        retryAfter);
  }

  /** When the caller may retry, for rate limits and overload. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
