package io.switchboard.domain.error;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** A quota or rate limit was reached: the purchase cap of an organization, a key's request rate or its open streams. */
public final class ResourceExhaustedException extends DomainException {
  public static final String PURCHASE_LIMIT_REACHED = "PURCHASE_LIMIT_REACHED";
  public static final String RATE_LIMITED = "RATE_LIMITED";
  public static final String TOO_MANY_STREAMS = "TOO_MANY_STREAMS";
  public static final String SERVER_OVERLOADED = "SERVER_OVERLOADED";

  private final Duration retryAfter;

  private ResourceExhaustedException(String reason, String message, Map<String, String> metadata, Duration retryAfter) {
    super(reason, message, metadata);
    this.retryAfter = retryAfter;
  }

  public static ResourceExhaustedException purchaseLimit(int limit, long current) {
    return new ResourceExhaustedException(PURCHASE_LIMIT_REACHED,
        "purchase limit reached: " + current + " of " + limit + " active purchased numbers",
        Map.of("limit", Integer.toString(limit), "current", Long.toString(current)), null);
  }

  public static ResourceExhaustedException rateLimited(Duration retryAfter) {
    long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    return new ResourceExhaustedException(RATE_LIMITED, "rate limit exceeded; retry after " + seconds + " s",
        Map.of("retry_after_seconds", Long.toString(seconds)), retryAfter);
  }

  /** An API key already holds its limit of open watch streams. */
  public static ResourceExhaustedException tooManyStreams(int limit) {
    return new ResourceExhaustedException(TOO_MANY_STREAMS, "this API key already holds its limit of " + limit
        + " open watch streams; close one first", Map.of("limit", Integer.toString(limit)), null);
  }

  /** This replica already holds its limit of calls waiting for a thread; another replica, or this one later, may serve. */
  public static ResourceExhaustedException serverOverloaded(int maxQueuedCalls, Duration retryAfter) {
    long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    return new ResourceExhaustedException(SERVER_OVERLOADED, "the server is overloaded (" + maxQueuedCalls
        + " calls already wait for a thread); retry after " + seconds + " s",
        Map.of("max_queued_calls", Integer.toString(maxQueuedCalls), "retry_after_seconds", Long.toString(seconds)),
        retryAfter);
  }

  /** When the caller may retry, for rate limits and overload. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
