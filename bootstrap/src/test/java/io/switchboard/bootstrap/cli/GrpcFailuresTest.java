package io.switchboard.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GrpcFailuresTest {

  @Test
  void the_line_names_the_servers_stable_reason_and_its_message() {
    StatusRuntimeException refused =
        StatusProto.toStatusRuntimeException(
            com.google.rpc.Status.newBuilder()
                .setCode(Code.UNAUTHENTICATED_VALUE)
                .setMessage("the API key is not valid")
                .addDetails(
                    Any.pack(
                        ErrorInfo.newBuilder()
                            .setReason("INVALID_CREDENTIALS")
                            .setDomain("switchboard.io")
                            .build()))
                .build());

    CliException failure = GrpcFailures.describe(refused, "localhost:9090");

    assertThat(failure.line())
        .isEqualTo("switchboard: INVALID_CREDENTIALS: the API key is not valid");
    assertThat(failure.exitCode()).isEqualTo(ExitCode.UNAUTHORIZED);
  }

  @Test
  void field_violations_join_the_message_and_a_refused_item_is_found_by_its_index() {
    StatusRuntimeException invalid =
        StatusProto.toStatusRuntimeException(
            com.google.rpc.Status.newBuilder()
                .setCode(Code.INVALID_ARGUMENT_VALUE)
                .setMessage("invalid request")
                .addDetails(
                    Any.pack(
                        BadRequest.newBuilder()
                            .addFieldViolations(
                                BadRequest.FieldViolation.newBuilder()
                                    .setField("numbers[1234].monthly_fee.currency")
                                    .setDescription("unknown currency"))
                            .build()))
                .build());

    assertThat(GrpcFailures.describe(invalid, "x").line())
        .isEqualTo(
            "switchboard: INVALID_ARGUMENT: invalid request"
                + " (numbers[1234].monthly_fee.currency: unknown currency)");
    assertThat(GrpcFailures.refusedItem(invalid)).hasValue(1234);
  }

  @Test
  void an_unreachable_server_is_named_with_the_cause_on_one_line() {
    StatusRuntimeException down =
        Status.UNAVAILABLE
            .withDescription("io exception")
            .withCause(
                new RuntimeException(
                    new ConnectException(
                        "finishConnect(..) failed with error(-111): Connection refused")))
            .asRuntimeException();

    assertThat(GrpcFailures.describe(down, "127.0.0.1:9090").line())
        .isEqualTo("switchboard: UNAVAILABLE: cannot reach 127.0.0.1:9090: Connection refused");
  }

  @ParameterizedTest
  @CsvSource({
    "UNAVAILABLE, 3",
    "DEADLINE_EXCEEDED, 3",
    "RESOURCE_EXHAUSTED, 3",
    "UNAUTHENTICATED, 4",
    "PERMISSION_DENIED, 4",
    "NOT_FOUND, 5",
    "INVALID_ARGUMENT, 6",
    "ALREADY_EXISTS, 6",
    "ABORTED, 6",
    "INTERNAL, 1",
  })
  void each_kind_of_failure_has_its_exit_status(Status.Code code, int status) {
    assertThat(GrpcFailures.exitCode(code).status()).isEqualTo(status);
  }

  @Test
  void a_multi_line_message_becomes_one_line() {
    assertThat(new CliException(ExitCode.FAILED, "X", "first\n  second\r\nthird").line())
        .isEqualTo("switchboard: X: first; second; third");
  }
}
