package io.switchboard.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RequestInfo;
import com.google.rpc.ResourceInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.error.AlreadyExistsException;
import io.switchboard.domain.error.ConcurrencyConflictException;
import io.switchboard.domain.error.DomainException;
import io.switchboard.domain.error.FailedPreconditionException;
import io.switchboard.domain.error.FieldViolation;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.OutOfRangeException;
import io.switchboard.domain.error.PermissionDeniedException;
import io.switchboard.domain.error.ResourceExhaustedException;
import io.switchboard.domain.error.UnauthenticatedException;
import io.switchboard.domain.error.UnavailableException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become gRPC statuses: a {@code google.rpc.Status} with an {@link
 * ErrorInfo} (stable reason, domain {@value #DOMAIN}, metadata), a {@link RequestInfo} with the
 * request id, and per kind a {@link BadRequest}, {@link ResourceInfo} or {@link RetryInfo}.
 * Anything that is not a domain exception is a bug: INTERNAL with a generic message, logged here
 * with its stack trace.
 */
public final class GrpcErrors {

  public static final String DOMAIN = "switchboard.io";
  static final String INTERNAL_REASON = "INTERNAL";
  private static final Logger LOG = LoggerFactory.getLogger(GrpcErrors.class);

  private GrpcErrors() {}

  public static StatusRuntimeException toStatusException(
      Throwable failure, Optional<RequestId> requestId) {
    return switch (failure) {
      case DomainException e -> toStatusException(e, requestId);
      case StatusRuntimeException e -> e;
      case StatusException e -> new StatusRuntimeException(e.getStatus(), e.getTrailers());
      default -> {
        if (Context.current().isCancelled()) {
          yield Status.CANCELLED.withDescription("the call was cancelled").asRuntimeException();
        }
        LOG.error(
            "unexpected failure (request id {})",
            requestId.map(RequestId::value).orElse("-"),
            failure);
        yield build(
            Code.INTERNAL,
            "internal error; request id " + requestId.map(RequestId::value).orElse("-"),
            INTERNAL_REASON,
            Map.of(),
            requestId,
            null);
      }
    };
  }

  public static StatusRuntimeException toStatusException(
      DomainException e, Optional<RequestId> requestId) {
    return switch (e) {
      case InvalidArgumentException invalid ->
          build(
              Code.INVALID_ARGUMENT,
              invalid.getMessage(),
              invalid.reason().wire(),
              invalid.metadata(),
              requestId,
              Any.pack(badRequest(invalid)));
      case NotFoundException notFound ->
          build(
              Code.NOT_FOUND,
              notFound.getMessage(),
              notFound.reason().wire(),
              notFound.metadata(),
              requestId,
              Any.pack(ResourceInfo.newBuilder().setResourceType(notFound.resource()).build()));
      case AlreadyExistsException exists -> simple(Code.ALREADY_EXISTS, exists, requestId);
      case FailedPreconditionException precondition ->
          simple(Code.FAILED_PRECONDITION, precondition, requestId);
      case ConcurrencyConflictException conflict -> simple(Code.ABORTED, conflict, requestId);
      case UnauthenticatedException unauthenticated ->
          simple(Code.UNAUTHENTICATED, unauthenticated, requestId);
      case PermissionDeniedException denied -> simple(Code.PERMISSION_DENIED, denied, requestId);
      case ResourceExhaustedException exhausted ->
          build(
              Code.RESOURCE_EXHAUSTED,
              exhausted.getMessage(),
              exhausted.reason().wire(),
              exhausted.metadata(),
              requestId,
              exhausted.retryAfter().map(GrpcErrors::retryInfo).orElse(null));
      case OutOfRangeException outOfRange -> simple(Code.OUT_OF_RANGE, outOfRange, requestId);
      case UnavailableException unavailable ->
          switch (unavailable.reason()) {
            case DEADLINE_EXCEEDED -> simple(Code.DEADLINE_EXCEEDED, unavailable, requestId);
            default ->
                build(
                    Code.UNAVAILABLE,
                    unavailable.getMessage(),
                    unavailable.reason().wire(),
                    unavailable.metadata(),
                    requestId,
                    retryInfo(java.time.Duration.ofSeconds(1)));
          };
    };
  }

  private static StatusRuntimeException simple(
      Code code, DomainException e, Optional<RequestId> requestId) {
    return build(code, e.getMessage(), e.reason().wire(), e.metadata(), requestId, null);
  }

  private static StatusRuntimeException build(
      Code code,
      String message,
      String reason,
      Map<String, String> metadata,
      Optional<RequestId> requestId,
      Any detail) {
    var status =
        com.google.rpc.Status.newBuilder()
            .setCode(code.getNumber())
            .setMessage(message == null ? "" : message)
            .addDetails(
                Any.pack(
                    ErrorInfo.newBuilder()
                        .setReason(reason)
                        .setDomain(DOMAIN)
                        .putAllMetadata(metadata)
                        .build()));
    if (detail != null) {
      status.addDetails(detail);
    }
    requestId.ifPresent(id ->
        status.addDetails(Any.pack(RequestInfo.newBuilder().setRequestId(id.value()).build())));
    return StatusProto.toStatusRuntimeException(status.build());
  }

  private static BadRequest badRequest(InvalidArgumentException e) {
    var badRequest = BadRequest.newBuilder();
    for (FieldViolation v : e.violations()) {
      badRequest.addFieldViolations(
          BadRequest.FieldViolation.newBuilder()
              .setField(v.field())
              .setDescription(v.description())
              .setReason(e.reason().wire()));
    }
    return badRequest.build();
  }

  private static Any retryInfo(java.time.Duration after) {
    return Any.pack(
        RetryInfo.newBuilder()
            .setRetryDelay(
                Duration.newBuilder().setSeconds(after.getSeconds()).setNanos(after.getNano()))
            .build());
  }
}
