package io.switchboard.application.port.query;

import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.error.InvalidArgumentException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A page of history, newest first, before {@code beforeRevision} when given. The subject is either
 * one resource, or everything that happened to a held number (the number itself, its bindings and
 * its trunks) since it was acquired.
 */
public record ChangeQuery(Subject subject, int pageSize, Optional<Long> beforeRevision) {
  public ChangeQuery {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(beforeRevision, "beforeRevision");
    if (pageSize < 1 || pageSize > 1000) {
      throw InvalidArgumentException.of("page_size", "must be between 1 and 1000");
    }
  }

  public sealed interface Subject {}

  /** Events whose resource type and id are these. */
  public record Resource(ResourceType type, String id) implements Subject {
    public Resource {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(id, "id");
    }
  }

  /**
   * Events whose {@code number} is this E.164 value, from {@code since} on (when the organization
   * acquired it).
   */
  public record Number(String e164, Instant since) implements Subject {
    public Number {
      Objects.requireNonNull(e164, "e164");
      Objects.requireNonNull(since, "since");
    }
  }
}
