package io.switchboard.domain.error;

/** No credential, or one that is unknown, malformed or revoked. */
public final class UnauthenticatedException extends DomainException {
  public static final String MISSING = "MISSING_CREDENTIALS";
  public static final String INVALID = "INVALID_CREDENTIALS";

  public UnauthenticatedException(String reason, String message) {
    super(reason, message);
  }

  public boolean isMissing() {
    return MISSING.equals(reason());
  }
}
