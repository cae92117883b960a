package io.switchboard.domain.error;

/** The resource does not exist, or belongs to another organization (which is never revealed). */
public final class NotFoundException extends DomainException {
  public NotFoundException(Reason reason, String message) {
    super(reason, message);
  }

  public static NotFoundException of(Reason reason, String key) {
    return new NotFoundException(
        reason, reason.resource().replace('_', ' ') + " " + key + " not found");
  }

  /** The kind of resource, snake_case (for example {@code phone_number}). */
  public String resource() {
    return reason().resource();
  }
}
