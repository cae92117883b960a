package io.switchboard.grpc;

import static io.switchboard.grpc.Responses.reply;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.switchboard.application.audit.ExportChangesCommand;
import io.switchboard.application.audit.ExportChangesUseCase;
import io.switchboard.application.audit.ExportFormat;
import io.switchboard.application.audit.ListChangesQuery;
import io.switchboard.application.audit.ListChangesUseCase;
import io.switchboard.application.common.RequestContext;
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
import io.switchboard.proto.v1.ExportChangesChunk;
import io.switchboard.proto.v1.ExportChangesRequest;
import io.switchboard.proto.v1.ListChangesRequest;
import io.switchboard.proto.v1.ListChangesResponse;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.MDC;

/** switchboard.v1.AuditService over the audit-log use cases. */
final class AuditGrpcService extends AuditServiceGrpc.AuditServiceImplBase {
  static final int DEFAULT_PAGE_SIZE = 50;

  /** The range PostgreSQL's timestamptz and java.time agree on, with room to spare. */
  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

  /** Bytes per export chunk: well under gRPC's 4 MiB message limit, few messages per file. */
  static final int CHUNK_BYTES = 64 * 1024;

  /** How long an export waits for the client between checks of the call's state. */
  private static final Duration READY_POLL = Duration.ofMillis(500);

  private final ListChangesUseCase listChanges;
  private final ExportChangesUseCase exportChanges;
  private final PageTokens pageTokens;
  private final Executor streams;

  /**
   * {@code streams} runs the exports: each waits on its client and its database cursor, and must
   * not hold a thread of the call executor meanwhile.
   */
  AuditGrpcService(
      ListChangesUseCase listChanges,
      ExportChangesUseCase exportChanges,
      PageTokens pageTokens,
      Executor streams) {
    this.listChanges = listChanges;
    this.exportChanges = exportChanges;
    this.pageTokens = pageTokens;
    this.streams = streams;
  }

  @Override
  public void exportChanges(
      ExportChangesRequest request, StreamObserver<ExportChangesChunk> observer) {
    RequestContext ctx = CallContext.requestContext();
    ExportFormat format =
        switch (request.getFormat()) {
          case EXPORT_FORMAT_UNSPECIFIED, EXPORT_FORMAT_CSV -> ExportFormat.CSV;
          case EXPORT_FORMAT_NDJSON -> ExportFormat.NDJSON;
          case UNRECOGNIZED -> throw InvalidArgumentException.of("format", "is not a known format");
        };
    var command = new ExportChangesCommand(filter(request), format);
    var call = (ServerCallStreamObserver<ExportChangesChunk>) observer;
    var out =
        new ChunkedOutput(call, StreamReadiness.of(call, READY_POLL, () -> {}), format.mediaType());
    try {
      streams.execute(() -> out.run(ctx, command));
    } catch (RejectedExecutionException e) {
      throw Status.UNAVAILABLE.withDescription("the server is shutting down").asRuntimeException();
    }
  }

  /**
   * The export's output: collects bytes into chunks and sends each as the client can take it (flow
   * control), so a slow client slows the database cursor instead of filling memory. A cancelled
   * call makes the next write fail, which ends the scan and its transaction.
   */
  private final class ChunkedOutput extends OutputStream {
    private final ServerCallStreamObserver<ExportChangesChunk> call;
    private final StreamReadiness readiness;
    private final byte[] buffer = new byte[CHUNK_BYTES];
    private int filled;
    private String contentType;

    ChunkedOutput(
        ServerCallStreamObserver<ExportChangesChunk> call,
        StreamReadiness readiness,
        String contentType) {
      this.call = call;
      this.readiness = readiness;
      this.contentType = contentType;
    }

    void run(RequestContext ctx, ExportChangesCommand command) {
      MDC.put(RequestIdInterceptor.MDC_KEY, ctx.requestId().value());
      try {
        exportChanges.export(ctx, command, this);
        flush();
        if (contentType != null) {
          send(); // an empty export still says what it is
        }
        call.onCompleted();
      } catch (IOException | RuntimeException e) {
        if (!readiness.cancelled()) {
          try {
            call.onError(GrpcErrors.toStatusException(e, Optional.of(ctx.requestId())));
          } catch (IllegalStateException alreadyClosed) {
            // the client went away meanwhile
          }
        }
      } finally {
        MDC.remove(RequestIdInterceptor.MDC_KEY);
      }
    }

    @Override
    public void write(int b) throws IOException {
      if (filled == buffer.length) {
        flush();
      }
      buffer[filled++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      while (length > 0) {
        if (filled == buffer.length) {
          flush();
        }
        int n = Math.min(length, buffer.length - filled);
        System.arraycopy(bytes, offset, buffer, filled, n);
        filled += n;
        offset += n;
        length -= n;
      }
    }

    @Override
    public void flush() throws IOException {
      if (filled > 0) {
        send();
      }
    }

    private void send() throws IOException {
      awaitReady();
      var chunk = ExportChangesChunk.newBuilder().setData(ByteString.copyFrom(buffer, 0, filled));
      if (contentType != null) {
        chunk.setContentType(contentType);
        contentType = null;
      }
      call.onNext(chunk.build());
      filled = 0;
    }

    private void awaitReady() throws IOException {
      boolean ready;
      try {
        ready = readiness.awaitReady();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("the server is shutting down");
      }
      if (!ready) {
        throw new IOException("the client cancelled the export");
      }
    }
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

  static ChangeFilter filter(ListChangesRequest r) {
    return filter(
        r.hasStartTime() ? Optional.of(r.getStartTime()) : Optional.empty(),
        r.hasEndTime() ? Optional.of(r.getEndTime()) : Optional.empty(),
        r.getResourceType(),
        r.getResourceId(),
        r.getNumber(),
        r.getActorKeyId(),
        r.getAction(),
        r.getSourceApi(),
        new Violations());
  }

  /** An export is of a stated period: both ends are required. */
  static ChangeFilter filter(ExportChangesRequest r) {
    var violations = new Violations();
    violations.check(r.hasStartTime(), "start_time", "is required for an export");
    violations.check(r.hasEndTime(), "end_time", "is required for an export");
    return filter(
        r.hasStartTime() ? Optional.of(r.getStartTime()) : Optional.empty(),
        r.hasEndTime() ? Optional.of(r.getEndTime()) : Optional.empty(),
        r.getResourceType(),
        r.getResourceId(),
        r.getNumber(),
        r.getActorKeyId(),
        r.getAction(),
        r.getSourceApi(),
        violations);
  }

  /** Every field checked, every violation reported at once. */
  private static ChangeFilter filter(
      Optional<Timestamp> start,
      Optional<Timestamp> end,
      io.switchboard.proto.v1.ResourceType resourceType,
      String resourceIdText,
      String numberText,
      String actorText,
      io.switchboard.proto.v1.ChangeAction actionValue,
      String sourceApiText,
      Violations violations) {
    Optional<Instant> from = start.flatMap(t -> time(t, "start_time", violations));
    Optional<Instant> to = end.flatMap(t -> time(t, "end_time", violations));
    if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
      violations.add("end_time", "must be later than start_time");
    }
    Optional<ResourceType> type = resourceType(resourceType, violations);
    Optional<String> resourceId =
        resourceIdText.isEmpty() ? Optional.empty() : Optional.of(resourceIdText);
    Optional<E164> number =
        numberText.isEmpty()
            ? Optional.empty()
            : Optional.ofNullable(violations.parse("number", () -> E164.parse(numberText)));
    Optional<ApiKeyId> actor = actor(actorText, violations);
    Optional<ChangeAction> action = action(actionValue, violations);
    Optional<SourceApi> door = sourceApi(sourceApiText, violations);
    violations.throwIfAny();
    return new ChangeFilter(from, to, type, resourceId, number, actor, action, door);
  }

  private static Optional<Instant> time(Timestamp t, String field, Violations violations) {
    if (t.getNanos() < 0 || t.getNanos() > 999_999_999) {
      violations.add(field, "must be a valid timestamp");
      return Optional.empty();
    }
    if (t.getSeconds() < EARLIEST.getEpochSecond() || t.getSeconds() > LATEST.getEpochSecond()) {
      violations.add(field, "must be between years 1 and 9999");
      return Optional.empty();
    }
    Instant at = Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    if (at.isAfter(LATEST)) {
      violations.add(field, "must be between years 1 and 9999");
      return Optional.empty();
    }
    return Optional.of(at);
  }

  private static Optional<ResourceType> resourceType(
      io.switchboard.proto.v1.ResourceType value, Violations violations) {
    return switch (value) {
      case RESOURCE_TYPE_UNSPECIFIED -> Optional.empty();
      case RESOURCE_TYPE_PHONE_NUMBER -> Optional.of(ResourceType.PHONE_NUMBER);
      case RESOURCE_TYPE_TRUNK -> Optional.of(ResourceType.TRUNK);
      case RESOURCE_TYPE_BINDING -> Optional.of(ResourceType.BINDING);
      case RESOURCE_TYPE_AGENT -> Optional.of(ResourceType.AGENT);
      case RESOURCE_TYPE_ORGANIZATION -> Optional.of(ResourceType.ORGANIZATION);
      case RESOURCE_TYPE_API_KEY -> Optional.of(ResourceType.API_KEY);
      case RESOURCE_TYPE_INVENTORY -> Optional.of(ResourceType.INVENTORY);
      case RESOURCE_TYPE_WEBHOOK_ENDPOINT -> Optional.of(ResourceType.WEBHOOK_ENDPOINT);
      case UNRECOGNIZED -> {
        violations.add("resource_type", "is not a known resource type");
        yield Optional.empty();
      }
    };
  }

  private static Optional<ChangeAction> action(
      io.switchboard.proto.v1.ChangeAction value, Violations violations) {
    return switch (value) {
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
