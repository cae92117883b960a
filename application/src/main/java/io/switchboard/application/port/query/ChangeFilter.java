package io.switchboard.application.port.query;

import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.change.SourceApi;
import io.switchboard.domain.common.Violations;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.org.ApiKeyId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which of an organization's change events an audit query wants; every given criterion must hold.
 * The time range is half-open on the time the change occurred: {@code from} inclusive, {@code to}
 * exclusive. A resource id is unique only within its resource type, so it needs one.
 */
public record ChangeFilter(
    Optional<Instant> from,
    Optional<Instant> to,
    Optional<ResourceType> resourceType,
    Optional<String> resourceId,
    Optional<E164> number,
    Optional<ApiKeyId> actor,
    Optional<ChangeAction> action,
    Optional<SourceApi> sourceApi) {
  public static final int MAX_RESOURCE_ID_LENGTH = 255;

  public ChangeFilter {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(resourceType, "resourceType");
    Objects.requireNonNull(resourceId, "resourceId");
    Objects.requireNonNull(number, "number");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(sourceApi, "sourceApi");
    var violations = new Violations();
    if (from.isPresent() && to.isPresent()) {
      violations.check(from.get().isBefore(to.get()), "to", "must be later than from");
    }
    resourceId.ifPresent(id -> {
      violations.check(
          !id.isEmpty() && id.length() <= MAX_RESOURCE_ID_LENGTH,
          "resource_id",
          "must be 1 to " + MAX_RESOURCE_ID_LENGTH + " characters");
      violations.check(
          id.chars().noneMatch(Character::isISOControl),
          "resource_id",
          "must not contain control characters");
      violations.check(
          resourceType.isPresent(),
          "resource_type",
          "is required with resource_id: ids are unique only within a resource type");
    });
    violations.throwIfAny();
  }

  /** Every event of the organization. */
  public static ChangeFilter none() {
    return new ChangeFilter(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  public ChangeFilter between(Optional<Instant> from, Optional<Instant> to) {
    return new ChangeFilter(from, to, resourceType, resourceId, number, actor, action, sourceApi);
  }

  public ChangeFilter withResource(ResourceType type, Optional<String> id) {
    return new ChangeFilter(from, to, Optional.of(type), id, number, actor, action, sourceApi);
  }

  public ChangeFilter withNumber(E164 number) {
    return new ChangeFilter(
        from, to, resourceType, resourceId, Optional.of(number), actor, action, sourceApi);
  }

  public ChangeFilter withActor(ApiKeyId actor) {
    return new ChangeFilter(
        from, to, resourceType, resourceId, number, Optional.of(actor), action, sourceApi);
  }

  public ChangeFilter withAction(ChangeAction action) {
    return new ChangeFilter(
        from, to, resourceType, resourceId, number, actor, Optional.of(action), sourceApi);
  }

  public ChangeFilter withSourceApi(SourceApi sourceApi) {
    return new ChangeFilter(
        from, to, resourceType, resourceId, number, actor, action, Optional.of(sourceApi));
  }

  /** Whether the event meets every criterion (its organization is the caller's business). */
  public boolean matches(ChangeEvent e) {
    return from.map(f -> !e.occurredAt().isBefore(f)).orElse(true)
        && to.map(t -> e.occurredAt().isBefore(t)).orElse(true)
        && resourceType.map(t -> e.resourceType() == t).orElse(true)
        && resourceId.map(id -> e.resourceId().equals(id)).orElse(true)
        && number.map(n -> e.number().equals(Optional.of(n.value()))).orElse(true)
        && actor.map(a -> e.actorKeyId().equals(Optional.of(a.toString()))).orElse(true)
        && action.map(a -> e.action() == a).orElse(true)
        && sourceApi.map(s -> e.sourceApi() == s).orElse(true);
  }

  /**
   * A stable text of the criteria, for adapters that bind a page token to the query it was issued
   * for.
   */
  public String canonical() {
    return String.join(
        "|",
        from.map(Instant::toString).orElse(""),
        to.map(Instant::toString).orElse(""),
        resourceType.map(Enum::name).orElse(""),
        resourceId.map(id -> id.length() + ":" + id).orElse(""),
        number.map(E164::value).orElse(""),
        actor.map(ApiKeyId::toString).orElse(""),
        action.map(Enum::name).orElse(""),
        sourceApi.map(Enum::name).orElse(""));
  }
}
