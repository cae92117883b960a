package io.switchboard.domain.error;

/** A dependency (the database) cannot be reached right now; the caller may retry with backoff. */
public final class UnavailableException extends DomainException {
  public static final String DATABASE_UNAVAILABLE = "DATABASE_UNAVAILABLE";
  public static final String DEADLINE_EXCEEDED = "DEADLINE_EXCEEDED";
  /** A replica has not applied the revision a caller asked for (its {@code min_revision}) and stopped waiting. */
  public static final String REVISION_NOT_APPLIED = "REVISION_NOT_APPLIED";

  public UnavailableException(String reason, String message) {
    super(reason, message);
  }

  public boolean isDeadlineExceeded() {
    return DEADLINE_EXCEEDED.equals(reason());
  }
}
