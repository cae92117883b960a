package io.switchboard.domain.error;

/** No credential ({@code MISSING_CREDENTIALS}), or one that is unknown, malformed or revoked. */
public final class UnauthenticatedException extends DomainException {
  public UnauthenticatedException(Reason reason, String message) {
    super(reason, message);
  }
}
