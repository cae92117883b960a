package io.switchboard.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RequestInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
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
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.error.ResourceExhaustedException;
import io.switchboard.domain.error.UnauthenticatedException;
import io.switchboard.domain.error.UnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GrpcErrorsTest {

  static final Optional<RequestId> REQUEST = Optional.of(new RequestId("req-1"));

  static Stream<Arguments> domainExceptions() {
    return Stream.of(
        Arguments.of(
            NotFoundException.of(Reason.PHONE_NUMBER_NOT_FOUND, "x"), Status.Code.NOT_FOUND),
        Arguments.of(
            new AlreadyExistsException(Reason.TRUNK_ALREADY_EXISTS, "taken"),
            Status.Code.ALREADY_EXISTS),
        Arguments.of(InvalidArgumentException.of("a", "bad"), Status.Code.INVALID_ARGUMENT),
        Arguments.of(
            new FailedPreconditionException(Reason.PHONE_NUMBER_RELEASED, "released"),
            Status.Code.FAILED_PRECONDITION),
        Arguments.of(ConcurrencyConflictException.staleEtag("phone number"), Status.Code.ABORTED),
        Arguments.of(
            new ConcurrencyConflictException(Reason.IDEMPOTENCY_KEY_IN_FLIGHT, "busy"),
            Status.Code.ABORTED),
        Arguments.of(
            new UnauthenticatedException(Reason.MISSING_CREDENTIALS, "who"),
            Status.Code.UNAUTHENTICATED),
        Arguments.of(
            PermissionDeniedException.missingScope("numbers:write"), Status.Code.PERMISSION_DENIED),
        Arguments.of(
            ResourceExhaustedException.purchaseLimit(3, 3), Status.Code.RESOURCE_EXHAUSTED),
        Arguments.of(
            new UnavailableException(Reason.DATABASE_UNAVAILABLE, "down"), Status.Code.UNAVAILABLE),
        Arguments.of(
            new UnavailableException(Reason.DEADLINE_EXCEEDED, "late"),
            Status.Code.DEADLINE_EXCEEDED),
        Arguments.of(
            new OutOfRangeException(
                Reason.REVISION_PURGED, "purged", Map.of("oldest_revision", "18")),
            Status.Code.OUT_OF_RANGE));
  }

  @ParameterizedTest
  @MethodSource("domainExceptions")
  void every_domain_exception_has_its_code_reason_domain_metadata_and_request_id(
      DomainException e, Status.Code code) {
    var status = StatusProto.fromThrowable(GrpcErrors.toStatusException(e, REQUEST));
    assertThat(Status.fromCodeValue(status.getCode()).getCode()).isEqualTo(code);
    ErrorInfo info = GrpcTestServer.errorInfo(status);
    assertThat(info.getReason()).isEqualTo(e.reason().wire());
    assertThat(info.getDomain()).isEqualTo("switchboard.io");
    assertThat(info.getMetadataMap()).isEqualTo(e.metadata());
    assertThat(GrpcTestServer.unpack(status, RequestInfo.class).getRequestId()).isEqualTo("req-1");
    assertThat(status.getMessage()).isEqualTo(e.getMessage());
  }

  @Test
  void invalid_arguments_carry_every_field_violation() {
    var e =
        new InvalidArgumentException(
            List.of(new FieldViolation("a.b", "bad"), new FieldViolation("c", "worse")));
    var status = StatusProto.fromThrowable(GrpcErrors.toStatusException(e, REQUEST));
    assertThat(GrpcTestServer.unpack(status, BadRequest.class).getFieldViolationsList())
        .extracting(BadRequest.FieldViolation::getField, BadRequest.FieldViolation::getDescription)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a.b", "bad"),
            org.assertj.core.groups.Tuple.tuple("c", "worse"));
  }

  @Test
  void rate_limits_say_when_to_retry() {
    var status =
        StatusProto.fromThrowable(
            GrpcErrors.toStatusException(
                ResourceExhaustedException.rateLimited(Duration.ofMillis(1500)), REQUEST));
    assertThat(GrpcTestServer.unpack(status, RetryInfo.class).getRetryDelay().getSeconds())
        .isEqualTo(1);
    assertThat(GrpcTestServer.unpack(status, RetryInfo.class).getRetryDelay().getNanos())
        .isEqualTo(500_000_000);
    assertThat(GrpcTestServer.errorInfo(status).getMetadataMap())
        .containsEntry("retry_after_seconds", "2");
  }

  @Test
  void unexpected_failures_are_internal_with_a_generic_message_and_the_request_id() {
    var e =
        GrpcErrors.toStatusException(new IllegalStateException("secret detail of a bug"), REQUEST);
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(e.getStatus().getDescription()).doesNotContain("secret detail").contains("req-1");
    assertThat(GrpcTestServer.errorInfo(StatusProto.fromThrowable(e)).getReason())
        .isEqualTo("INTERNAL");
  }

  @Test
  void grpc_statuses_pass_through() {
    var cancelled = Status.CANCELLED.asRuntimeException();
    assertThat(GrpcErrors.toStatusException(cancelled, REQUEST)).isSameAs(cancelled);
    assertThat(
            GrpcErrors.toStatusException(Status.UNAVAILABLE.asException(), Optional.empty())
                .getStatus()
                .getCode())
        .isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void metadata_is_kept_verbatim() {
    var e = new FailedPreconditionException(Reason.SECRET_KEY_UNAVAILABLE, "x", Map.of("k", "v"));
    assertThat(
            GrpcTestServer.errorInfo(
                    StatusProto.fromThrowable(GrpcErrors.toStatusException(e, Optional.empty())))
                .getMetadataMap())
        .containsExactlyEntriesOf(Map.of("k", "v"));
  }
}
