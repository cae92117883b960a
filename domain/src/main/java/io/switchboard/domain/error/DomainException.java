package io.switchboard.domain.error;

import java.util.List;
import java.util.Map;

/**
 * Every expected rejection Switchboard can give. The set is closed so that each adapter maps it with one exhaustive
 * switch; {@link #reason()} is a stable machine-readable code (for example {@code PHONE_NUMBER_NOT_FOUND}) that
 * clients may branch on, the message is for humans.
 */
public sealed abstract class DomainException extends RuntimeException
    permits NotFoundException, AlreadyExistsException, InvalidArgumentException, FailedPreconditionException,
        ConcurrencyConflictException, UnauthenticatedException, PermissionDeniedException,
        ResourceExhaustedException, UnavailableException, OutOfRangeException {

  private final String reason;
  private final Map<String, String> metadata;

  protected DomainException(String reason, String message, Map<String, String> metadata) {
    super(message, null, false, false);
    this.reason = reason;
    this.metadata = Map.copyOf(metadata);
  }

  protected DomainException(String reason, String message) {
    this(reason, message, Map.of());
  }

  /** Stable reason code, UPPER_SNAKE_CASE. */
  public String reason() {
    return reason;
  }

  /** Extra facts a client may need to act (limit and current count, conflicting id, ...). Never secrets. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** Field-level violations; empty except for invalid arguments. */
  public List<FieldViolation> violations() {
    return List.of();
  }
}
