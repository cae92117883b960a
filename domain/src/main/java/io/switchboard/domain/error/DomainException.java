package io.switchboard.domain.error;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every expected rejection Switchboard can give. The set is closed so that each adapter maps it
 * with one exhaustive switch; {@link #reason()} comes from the one catalogue {@link Reason}, whose
 * wire string (for example {@code PHONE_NUMBER_NOT_FOUND}) clients may branch on; the message is
 * for humans.
 */
public abstract sealed class DomainException extends RuntimeException
    permits NotFoundException,
        AlreadyExistsException,
        InvalidArgumentException,
        FailedPreconditionException,
        ConcurrencyConflictException,
        UnauthenticatedException,
        PermissionDeniedException,
        ResourceExhaustedException,
        UnavailableException,
        OutOfRangeException {

  private final Reason reason;
  private final Map<String, String> metadata;
  private final ErrorDetail detail;

  private DomainException(
      Reason reason, String message, Map<String, String> metadata, ErrorDetail detail) {
    super(message, null, false, false);
    if (!reason.kind().isInstance(this)) {
      throw new IllegalArgumentException(
          reason
              + " is a reason of "
              + reason.kind().getSimpleName()
              + ", not of "
              + getClass().getSimpleName());
    }
    this.reason = reason;
    this.metadata = Map.copyOf(metadata);
    this.detail = detail;
  }

  protected DomainException(Reason reason, String message, Map<String, String> metadata) {
    this(reason, message, metadata, null);
  }

  protected DomainException(Reason reason, String message, ErrorDetail detail) {
    this(reason, message, detail.metadata(), detail);
  }

  protected DomainException(Reason reason, String message) {
    this(reason, message, Map.of(), null);
  }

  /** The reason from the catalogue; its {@link Reason#wire() wire string} is what clients see. */
  public Reason reason() {
    return reason;
  }

  /**
   * Extra facts a client may need to act (limit and current count, conflicting id, ...), as
   * strings. Never secrets.
   */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** The typed detail of this refusal, when it carries one of that type. */
  public <D extends ErrorDetail> Optional<D> detail(Class<D> type) {
    return type.isInstance(detail) ? Optional.of(type.cast(detail)) : Optional.empty();
  }

  /** Field-level violations; empty except for invalid arguments. */
  public List<FieldViolation> violations() {
    return List.of();
  }
}
