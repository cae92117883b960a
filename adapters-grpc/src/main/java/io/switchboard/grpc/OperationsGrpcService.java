package io.switchboard.grpc;

import static io.switchboard.grpc.Responses.reply;

import com.google.longrunning.CancelOperationRequest;
import com.google.longrunning.DeleteOperationRequest;
import com.google.longrunning.GetOperationRequest;
import com.google.longrunning.ListOperationsRequest;
import com.google.longrunning.ListOperationsResponse;
import com.google.longrunning.Operation;
import com.google.longrunning.WaitOperationRequest;
import com.google.protobuf.Empty;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.switchboard.application.job.CancelJobUseCase;
import io.switchboard.application.job.GetJobUseCase;
import io.switchboard.application.job.ListJobsUseCase;
import io.switchboard.application.job.WaitJobUseCase;
import io.switchboard.application.port.query.JobCursor;
import io.switchboard.application.port.query.JobFilter;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.job.JobId;
import io.switchboard.domain.job.JobKind;
import io.switchboard.domain.org.Scope;
import io.switchboard.proto.longrunning.OperationsMethods;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * google.longrunning.Operations for the jobs' operations, {@code operations/<job id>}, of the
 * caller's organization. Jobs are kept for the audit, so DeleteOperation is UNIMPLEMENTED.
 */
final class OperationsGrpcService implements BindableService {
  static final int DEFAULT_PAGE_SIZE = 50;
  static final int MAX_PAGE_SIZE = 1000;
  private static final int MAX_FILTER_LENGTH = 200;

  private final GetJobUseCase get;
  private final ListJobsUseCase list;
  private final CancelJobUseCase cancel;
  private final WaitJobUseCase await;
  private final PageTokens pageTokens;

  OperationsGrpcService(
      GetJobUseCase get,
      ListJobsUseCase list,
      CancelJobUseCase cancel,
      WaitJobUseCase await,
      PageTokens pageTokens) {
    this.get = get;
    this.list = list;
    this.cancel = cancel;
    this.await = await;
    this.pageTokens = pageTokens;
  }

  @Override
  public ServerServiceDefinition bindService() {
    return ServerServiceDefinition.builder(OperationsMethods.SERVICE)
        .addMethod(OperationsMethods.GET, ServerCalls.asyncUnaryCall(this::getOperation))
        .addMethod(OperationsMethods.LIST, ServerCalls.asyncUnaryCall(this::listOperations))
        .addMethod(OperationsMethods.CANCEL, ServerCalls.asyncUnaryCall(this::cancelOperation))
        .addMethod(OperationsMethods.DELETE, ServerCalls.asyncUnaryCall(this::deleteOperation))
        .addMethod(OperationsMethods.WAIT, ServerCalls.asyncUnaryCall(this::waitOperation))
        .build();
  }

  void getOperation(GetOperationRequest request, StreamObserver<Operation> observer) {
    var ctx = CallContext.requestContext();
    JobId id = JobProtoMapper.jobId(request.getName(), "name");
    reply(observer, JobProtoMapper.toOperation(get.get(ctx, id)));
  }

  void listOperations(
      ListOperationsRequest request, StreamObserver<ListOperationsResponse> observer) {
    var ctx = CallContext.requestContext();
    if (!request.getName().isEmpty() && !request.getName().equals("operations")) {
      throw InvalidArgumentException.of("name", "must be empty or \"operations\"");
    }
    JobFilter filter = filter(request.getFilter());
    int pageSize =
        PhoneNumberListQuery.pageSize(request.getPageSize(), DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    String boundTo = "operations|" + filter;
    Optional<JobCursor> after = Optional.empty();
    if (!request.getPageToken().isEmpty()) {
      List<String> parts = pageTokens.decode(request.getPageToken(), boundTo, 2);
      after =
          Optional.of(
              CommonProtoMapper.at(
                  "page_token",
                  () -> {
                    try {
                      return new JobCursor(Instant.parse(parts.get(0)), JobId.parse(parts.get(1)));
                    } catch (java.time.format.DateTimeParseException e) {
                      throw InvalidArgumentException.of("", "is not a page token of this list");
                    }
                  }));
    }
    var page = list.list(ctx, filter, after, pageSize);
    reply(
        observer,
        ListOperationsResponse.newBuilder()
            .addAllOperations(page.items().stream().map(JobProtoMapper::toOperation).toList())
            .setNextPageToken(
                page.next()
                    .map(c ->
                        pageTokens.encode(
                            boundTo, List.of(c.createTime().toString(), c.id().toString())))
                    .orElse(""))
            .build());
  }

  void cancelOperation(CancelOperationRequest request, StreamObserver<Empty> observer) {
    var ctx = CallContext.requestContext();
    JobId id = JobProtoMapper.jobId(request.getName(), "name");
    cancel.cancel(ctx, id);
    reply(observer, Empty.getDefaultInstance());
  }

  void deleteOperation(DeleteOperationRequest request, StreamObserver<Empty> observer) {
    // refused as the other methods on operations are, before saying it is not implemented
    CallContext.requestContext().require(Scope.NUMBERS_READ);
    observer.onError(
        Status.UNIMPLEMENTED
            .withDescription("jobs are kept for the audit; they cannot be deleted")
            .asRuntimeException());
  }

  void waitOperation(WaitOperationRequest request, StreamObserver<Operation> observer) {
    var ctx = CallContext.requestContext();
    JobId id = JobProtoMapper.jobId(request.getName(), "name");
    if (request.getTimeout().getSeconds() < 0 || request.getTimeout().getNanos() < 0) {
      throw InvalidArgumentException.of("timeout", "must not be negative");
    }
    Duration timeout =
        request.hasTimeout()
            ? Duration.ofSeconds(request.getTimeout().getSeconds(), request.getTimeout().getNanos())
            : Duration.ofDays(1); // unset: as long as the server allows
    reply(observer, JobProtoMapper.toOperation(await.await(ctx, id, timeout)));
  }

  /**
   * {@code kind = "import"|"update"|"release"} and/or {@code done = true|false}, joined by AND; an
   * empty filter lists every job.
   */
  static JobFilter filter(String text) {
    if (text.length() > MAX_FILTER_LENGTH) {
      throw InvalidArgumentException.of(
          "filter", "must be at most " + MAX_FILTER_LENGTH + " characters");
    }
    Optional<JobKind> kind = Optional.empty();
    Optional<Boolean> done = Optional.empty();
    if (text.isBlank()) {
      return JobFilter.ALL;
    }
    for (String term : text.strip().split("(?i)\\s+AND\\s+")) {
      String[] sides = term.split("=", 2);
      if (sides.length != 2) {
        throw filterError("`" + term + "` is not `field = value`");
      }
      String field = sides[0].strip();
      String value = unquote(sides[1].strip());
      switch (field) {
        case "kind" -> {
          if (kind.isPresent()) {
            throw filterError("names kind twice");
          }
          kind =
              Optional.of(
                  JobKind.fromWireName(value.toLowerCase(Locale.ROOT))
                      .orElseThrow(() -> filterError("kind must be import, update or release")));
        }
        case "done" -> {
          if (done.isPresent()) {
            throw filterError("names done twice");
          }
          if (!value.equals("true") && !value.equals("false")) {
            throw filterError("done must be true or false");
          }
          done = Optional.of(Boolean.parseBoolean(value));
        }
        default -> throw filterError("can name only kind and done, not " + field);
      }
    }
    return new JobFilter(kind, done);
  }

  private static String unquote(String value) {
    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
        ? value.substring(1, value.length() - 1)
        : value;
  }

  private static InvalidArgumentException filterError(String description) {
    return InvalidArgumentException.of("filter", description);
  }
}
