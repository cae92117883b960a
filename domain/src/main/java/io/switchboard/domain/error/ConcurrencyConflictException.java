package io.switchboard.domain.error;

/**
 * A concurrency conflict the caller should resolve by re-reading: a stale etag ({@code ETAG_MISMATCH}) or the same
 * idempotency key still being processed ({@code IDEMPOTENCY_KEY_IN_FLIGHT}).
 */
public final class ConcurrencyConflictException extends DomainException {
  public static final String ETAG_MISMATCH = "ETAG_MISMATCH";
  public static final String IDEMPOTENCY_KEY_IN_FLIGHT = "IDEMPOTENCY_KEY_IN_FLIGHT";

  public ConcurrencyConflictException(String reason, String message) {
    super(reason, message);
  }

  public static ConcurrencyConflictException staleEtag(String resource) {
    return new ConcurrencyConflictException(ETAG_MISMATCH,
        "the " + resource + " was changed since the given etag; read it again and retry");
  }

  public boolean isStaleEtag() {
    return ETAG_MISMATCH.equals(reason());
  }
}
