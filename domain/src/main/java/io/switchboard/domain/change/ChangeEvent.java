package io.switchboard.domain.change;

import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.org.OrganizationId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One committed mutation, appended in the same transaction as the mutation itself. Revisions
 * increase strictly in commit order across the platform, so a watcher that remembers the last
 * revision it saw can resume without gaps. {@code number} is the E.164 number the change concerns,
 * when there is one: routing caches key on it.
 */
public record ChangeEvent(
    long revision,
    OrganizationId organizationId,
    ResourceType resourceType,
    String resourceId,
    Optional<String> number,
    ChangeAction action,
    List<FieldChange> changes,
    Optional<String> actorKeyId,
    Optional<RequestId> requestId,
    SourceApi sourceApi,
    Instant occurredAt) {

  public ChangeEvent {
    Objects.requireNonNull(organizationId, "organizationId");
    Objects.requireNonNull(resourceType, "resourceType");
    Objects.requireNonNull(resourceId, "resourceId");
    Objects.requireNonNull(number, "number");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(actorKeyId, "actorKeyId");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(sourceApi, "sourceApi");
    Objects.requireNonNull(occurredAt, "occurredAt");
    changes = List.copyOf(changes);
  }
}
