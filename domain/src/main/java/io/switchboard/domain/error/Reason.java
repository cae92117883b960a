package io.switchboard.domain.error;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every reason Switchboard gives for an expected rejection, in one place. The wire string is the
 * contract (gRPC {@code ErrorInfo.reason}, the REST dialects' conflict codes): it never changes
 * once released, even if the constant is renamed. Each reason belongs to one kind of {@link
 * DomainException}, which decides the status it maps to.
 */
public enum Reason {
  // NOT_FOUND: the resource, snake_case, is the wire string without its _NOT_FOUND suffix.
  PHONE_NUMBER_NOT_FOUND("PHONE_NUMBER_NOT_FOUND", NotFoundException.class),
  AVAILABLE_NUMBER_NOT_FOUND("AVAILABLE_NUMBER_NOT_FOUND", NotFoundException.class),
  TRUNK_NOT_FOUND("TRUNK_NOT_FOUND", NotFoundException.class),
  BINDING_NOT_FOUND("BINDING_NOT_FOUND", NotFoundException.class),
  AGENT_NOT_FOUND("AGENT_NOT_FOUND", NotFoundException.class),
  ORGANIZATION_NOT_FOUND("ORGANIZATION_NOT_FOUND", NotFoundException.class),
  API_KEY_NOT_FOUND("API_KEY_NOT_FOUND", NotFoundException.class),
  WEBHOOK_ENDPOINT_NOT_FOUND("WEBHOOK_ENDPOINT_NOT_FOUND", NotFoundException.class),
  WEBHOOK_DELIVERY_NOT_FOUND("WEBHOOK_DELIVERY_NOT_FOUND", NotFoundException.class),
  JOB_NOT_FOUND("JOB_NOT_FOUND", NotFoundException.class),

  // ALREADY_EXISTS: the resource exists, or the thing asked for is held by someone else.
  ALREADY_EXISTS("ALREADY_EXISTS", AlreadyExistsException.class),
  PHONE_NUMBER_ALREADY_EXISTS("PHONE_NUMBER_ALREADY_EXISTS", AlreadyExistsException.class),
  PHONE_NUMBER_ALREADY_HELD("PHONE_NUMBER_ALREADY_HELD", AlreadyExistsException.class),
  /** Held by another organization, or an external trunk elsewhere (which one is never revealed). */
  PHONE_NUMBER_UNAVAILABLE("PHONE_NUMBER_UNAVAILABLE", AlreadyExistsException.class),
  PHONE_NUMBER_IS_PURCHASED("PHONE_NUMBER_IS_PURCHASED", AlreadyExistsException.class),
  TRUNK_ALREADY_EXISTS("TRUNK_ALREADY_EXISTS", AlreadyExistsException.class),
  BINDING_ALREADY_EXISTS("BINDING_ALREADY_EXISTS", AlreadyExistsException.class),
  NUMBER_ALREADY_BOUND("NUMBER_ALREADY_BOUND", AlreadyExistsException.class),
  AGENT_ALREADY_BOUND("AGENT_ALREADY_BOUND", AlreadyExistsException.class),
  ORGANIZATION_ALREADY_EXISTS("ORGANIZATION_ALREADY_EXISTS", AlreadyExistsException.class),
  API_KEY_ALREADY_EXISTS("API_KEY_ALREADY_EXISTS", AlreadyExistsException.class),
  INVENTORY_NUMBER_ALREADY_EXISTS("INVENTORY_NUMBER_ALREADY_EXISTS", AlreadyExistsException.class),

  // INVALID_ARGUMENT
  INVALID_ARGUMENT("INVALID_ARGUMENT", InvalidArgumentException.class),
  /**
   * A field the dialect does not know (REST): some dialects answer it apart from other validation
   * failures.
   */
  UNKNOWN_FIELD("UNKNOWN_FIELD", InvalidArgumentException.class),
  INVALID_PAGE_TOKEN("INVALID_PAGE_TOKEN", InvalidArgumentException.class),
  IDEMPOTENCY_KEY_REUSED("IDEMPOTENCY_KEY_REUSED", InvalidArgumentException.class),
  /** A value that passed validation but not the database's range or format. */
  VALUE_OUT_OF_RANGE("VALUE_OUT_OF_RANGE", InvalidArgumentException.class),

  // FAILED_PRECONDITION
  CHANNEL_NOT_CAPABLE("CHANNEL_NOT_CAPABLE", FailedPreconditionException.class),
  PHONE_NUMBER_RELEASED("PHONE_NUMBER_RELEASED", FailedPreconditionException.class),
  PHONE_NUMBER_IS_EXTERNAL("PHONE_NUMBER_IS_EXTERNAL", FailedPreconditionException.class),
  PHONE_NUMBER_QUARANTINED("PHONE_NUMBER_QUARANTINED", FailedPreconditionException.class),
  PHONE_NUMBER_HAS_TRUNKS("PHONE_NUMBER_HAS_TRUNKS", FailedPreconditionException.class),
  INSUFFICIENT_INVENTORY("INSUFFICIENT_INVENTORY", FailedPreconditionException.class),
  RESOURCE_IN_USE("RESOURCE_IN_USE", FailedPreconditionException.class),
  SECRET_KEY_UNAVAILABLE("SECRET_KEY_UNAVAILABLE", FailedPreconditionException.class),

  // ABORTED
  ETAG_MISMATCH("ETAG_MISMATCH", ConcurrencyConflictException.class),
  IDEMPOTENCY_KEY_IN_FLIGHT("IDEMPOTENCY_KEY_IN_FLIGHT", ConcurrencyConflictException.class),

  // UNAUTHENTICATED
  MISSING_CREDENTIALS("MISSING_CREDENTIALS", UnauthenticatedException.class),
  INVALID_CREDENTIALS("INVALID_CREDENTIALS", UnauthenticatedException.class),

  // PERMISSION_DENIED
  MISSING_SCOPE("MISSING_SCOPE", PermissionDeniedException.class),

  // RESOURCE_EXHAUSTED
  PURCHASE_LIMIT_REACHED("PURCHASE_LIMIT_REACHED", ResourceExhaustedException.class),
  RATE_LIMITED("RATE_LIMITED", ResourceExhaustedException.class),
  TOO_MANY_STREAMS("TOO_MANY_STREAMS", ResourceExhaustedException.class),
  SERVER_OVERLOADED("SERVER_OVERLOADED", ResourceExhaustedException.class),

  // OUT_OF_RANGE
  REVISION_PURGED("REVISION_PURGED", OutOfRangeException.class),

  // UNAVAILABLE (DEADLINE_EXCEEDED is its own gRPC status)
  DATABASE_UNAVAILABLE("DATABASE_UNAVAILABLE", UnavailableException.class),
  DEADLINE_EXCEEDED("DEADLINE_EXCEEDED", UnavailableException.class),
  /**
   * A replica has not applied the revision a caller asked for (its {@code min_revision}) and
   * stopped waiting.
   */
  REVISION_NOT_APPLIED("REVISION_NOT_APPLIED", UnavailableException.class);

  private static final String NOT_FOUND_SUFFIX = "_NOT_FOUND";
  private static final Map<String, Reason> BY_WIRE =
      Arrays.stream(values())
          .collect(Collectors.toUnmodifiableMap(Reason::wire, Function.identity()));

  private final String wire;
  private final Class<? extends DomainException> kind;

  Reason(String wire, Class<? extends DomainException> kind) {
    this.wire = wire;
    this.kind = kind;
  }

  /** The stable, UPPER_SNAKE_CASE string clients see and may branch on. */
  public String wire() {
    return wire;
  }

  /** The one exception type that carries this reason. */
  public Class<? extends DomainException> kind() {
    return kind;
  }

  public static Optional<Reason> fromWire(String wire) {
    return Optional.ofNullable(BY_WIRE.get(wire));
  }

  /**
   * For a not-found reason, the kind of resource, snake_case (for example {@code phone_number}).
   */
  String resource() {
    if (kind != NotFoundException.class) {
      throw new IllegalArgumentException(
          this + " is a reason of " + kind.getSimpleName() + ", not of NotFoundException");
    }
    return wire.substring(0, wire.length() - NOT_FOUND_SUFFIX.length()).toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return wire;
  }
}
