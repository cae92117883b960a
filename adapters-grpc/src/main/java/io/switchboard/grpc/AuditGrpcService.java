package io.switchboard.grpc;

import static io.switchboard.grpc.Responses.reply;

import com.google.protobuf.Timestamp;
import io.grpc.stub.StreamObserver;
import io.switchboard.application.audit.ListChangesQuery;
import io.switchboard.application.audit.ListChangesUseCase;
import io.switchboard.application.port.query.ChangeFilter;
import io.switchboard.application.port.query.Page;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.change.SourceApi;
import io.switchboard.domain.common.Violations;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.org.ApiKeyId;
import io.switchboard.proto.v1.AuditServiceGrpc;
import io.switchboard.proto.v1.ListChangesRequest;
import io.switchboard.proto.v1.ListChangesResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** switchboard.v1.AuditService over the audit-log use case. */
final class AuditGrpcService extends AuditServiceGrpc.AuditServiceImplBase {
  static final int DEFAULT_PAGE_SIZE = 50;

  /** The range PostgreSQL's timestamptz and java.time agree on, with room to spare. */
  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

  private final ListChangesUseCase listChanges;
  private final PageTokens pageTokens;

  AuditGrpcService(ListChangesUseCase listChanges, PageTokens pageTokens) {
    this.listChanges = listChanges;
    this.pageTokens = pageTokens;
  }

  @Override
  public void listChanges(
      ListChangesRequest request, StreamObserver<ListChangesResponse> observer) {
    var ctx = CallContext.requestContext();
    ChangeFilter filter = filter(request);
    int pageSize =
        PhoneNumberListQuery.pageSize(
            request.getPageSize(), DEFAULT_PAGE_SIZE, ListChangesQuery.MAX_PAGE_SIZE);
    String boundTo = "audit_changes|" + filter.canonical();
    Optional<Long> before = Optional.empty();
    if (!request.getPageToken().isEmpty()) {
      before = Optional.of(revision(pageTokens.decode(request.getPageToken(), boundTo, 1).get(0)));
    }
    Page<ChangeEvent, Long> page =
        listChanges.list(ctx, new ListChangesQuery(filter, pageSize, before));
    var response =
        ListChangesResponse.newBuilder()
            .addAllChanges(page.items().stream().map(ChangeProtoMapper::toProto).toList());
    page.next()
        .ifPresent(next ->
            response.setNextPageToken(pageTokens.encode(boundTo, List.of(Long.toString(next)))));
    reply(observer, response.build());
  }

  /** Every field checked, every violation reported at once. */
  static ChangeFilter filter(ListChangesRequest request) {
    var violations = new Violations();
    Optional<Instant> from =
        request.hasStartTime()
            ? time(request.getStartTime(), "start_time", violations)
            : Optional.empty();
    Optional<Instant> to =
        request.hasEndTime()
            ? time(request.getEndTime(), "end_time", violations)
            : Optional.empty();
    if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
      violations.add("end_time", "must be later than start_time");
    }
    Optional<ResourceType> type = resourceType(request, violations);
    Optional<String> resourceId =
        request.getResourceId().isEmpty() ? Optional.empty() : Optional.of(request.getResourceId());
    Optional<E164> number =
        request.getNumber().isEmpty()
            ? Optional.empty()
            : Optional.ofNullable(
                violations.parse("number", () -> E164.parse(request.getNumber())));
    Optional<ApiKeyId> actor = actor(request.getActorKeyId(), violations);
    Optional<ChangeAction> action = action(request, violations);
    Optional<SourceApi> door = sourceApi(request.getSourceApi(), violations);
    violations.throwIfAny();
    return new ChangeFilter(from, to, type, resourceId, number, actor, action, door);
  }

  private static Optional<Instant> time(Timestamp t, String field, Violations violations) {
    if (t.getNanos() < 0 || t.getNanos() > 999_999_999) {
      violations.add(field, "must be a valid timestamp");
      return Optional.empty();
    }
    Instant at = Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
      violations.add(field, "must be between years 1 and 9999");
      return Optional.empty();
    }
    return Optional.of(at);
  }

  private static Optional<ResourceType> resourceType(
      ListChangesRequest request, Violations violations) {
    return switch (request.getResourceType()) {
      case RESOURCE_TYPE_UNSPECIFIED -> Optional.empty();
      case RESOURCE_TYPE_PHONE_NUMBER -> Optional.of(ResourceType.PHONE_NUMBER);
      case RESOURCE_TYPE_TRUNK -> Optional.of(ResourceType.TRUNK);
      case RESOURCE_TYPE_BINDING -> Optional.of(ResourceType.BINDING);
      case RESOURCE_TYPE_AGENT -> Optional.of(ResourceType.AGENT);
      case RESOURCE_TYPE_ORGANIZATION -> Optional.of(ResourceType.ORGANIZATION);
      case RESOURCE_TYPE_API_KEY -> Optional.of(ResourceType.API_KEY);
      case RESOURCE_TYPE_INVENTORY -> Optional.of(ResourceType.INVENTORY);
      case UNRECOGNIZED -> {
        violations.add("resource_type", "is not a known resource type");
        yield Optional.empty();
      }
    };
  }

  private static Optional<ChangeAction> action(ListChangesRequest request, Violations violations) {
    return switch (request.getAction()) {
      case CHANGE_ACTION_UNSPECIFIED -> Optional.empty();
      case CHANGE_ACTION_CREATED -> Optional.of(ChangeAction.CREATED);
      case CHANGE_ACTION_UPDATED -> Optional.of(ChangeAction.UPDATED);
      case CHANGE_ACTION_DELETED -> Optional.of(ChangeAction.DELETED);
      case CHANGE_ACTION_RELEASED -> Optional.of(ChangeAction.RELEASED);
      case UNRECOGNIZED -> {
        violations.add("action", "is not a known change action");
        yield Optional.empty();
      }
    };
  }

  private static Optional<ApiKeyId> actor(String text, Violations violations) {
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new ApiKeyId(UUID.fromString(text)));
    } catch (IllegalArgumentException e) {
      violations.add("actor_key_id", "must be an API key id (a UUID)");
      return Optional.empty();
    }
  }

  private static Optional<SourceApi> sourceApi(String text, Violations violations) {
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(SourceApi.fromWireName(text));
    } catch (IllegalArgumentException e) {
      violations.add(
          "source_api",
          "must be one of grpc, rest.mindhunters, rest.voiceos, rest.agentmessage, system");
      return Optional.empty();
    }
  }

  private static long revision(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw InvalidArgumentException.withReason(
          Reason.INVALID_PAGE_TOKEN, "page_token", "is not a token this list issued");
    }
  }
}
