package io.switchboard.domain.error;

import java.util.Locale;

/** The resource does not exist, or belongs to another organization (which is never revealed). */
public final class NotFoundException extends DomainException {
  private final String resource;

  public NotFoundException(String resource, String reason, String message) {
    super(reason, message);
    this.resource = resource;
  }

  public static NotFoundException of(String resource, String key) {
    return new NotFoundException(resource, resource.toUpperCase(Locale.ROOT) + "_NOT_FOUND",
        resource.replace('_', ' ') + " " + key + " not found");
  }

  /** The kind of resource, snake_case (for example {@code phone_number}). */
  public String resource() {
    return resource;
  }
}
