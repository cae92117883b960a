package io.switchboard.domain.error;

/** A dependency (the database) cannot be reached right now; the caller may retry with backoff. */
public final class UnavailableException extends DomainException {
  public UnavailableException(Reason reason, String message) {
    super(reason, message);
  }
}
