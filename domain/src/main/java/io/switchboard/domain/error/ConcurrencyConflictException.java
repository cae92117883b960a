package io.switchboard.domain.error;

/**
 * A concurrency conflict the caller should resolve by re-reading: a stale etag ({@code
 * ETAG_MISMATCH}) or the same idempotency key still being processed ({@code
 * IDEMPOTENCY_KEY_IN_FLIGHT}).
 */
public final class ConcurrencyConflictException extends DomainException {
  public ConcurrencyConflictException(Reason reason, String message) {
    super(reason, message);
  }

  public static ConcurrencyConflictException staleEtag(String resource) {
    return new ConcurrencyConflictException(
        Reason.ETAG_MISMATCH,
        "the " + resource + " was changed since the given etag; read it again and retry");
  }
}
