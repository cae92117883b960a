package io.switchboard.bootstrap.cli;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a failed call into the CLI's one line: the server's stable reason and its message. */
public final class GrpcFailures {

  private static final Pattern ITEM_INDEX = Pattern.compile("^(?:numbers|items)\\[(\\d+)]");

  private GrpcFailures() {}

  public static CliException describe(StatusRuntimeException e, String target) {
    Status status = e.getStatus();
    String reason = status.getCode().name();
    List<String> violations = new ArrayList<>();
    for (Any detail : details(e)) {
      try {
        if (detail.is(ErrorInfo.class)) {
          String stable = detail.unpack(ErrorInfo.class).getReason();
          if (!stable.isBlank()) {
            reason = stable;
          }
        } else if (detail.is(BadRequest.class)) {
          for (var violation : detail.unpack(BadRequest.class).getFieldViolationsList()) {
            violations.add(violation.getField() + ": " + violation.getDescription());
          }
        }
      } catch (InvalidProtocolBufferException ignored) {
        // a detail we cannot read adds nothing to the line
      }
    }
    String message = status.getDescription();
    if (status.getCode() == Status.Code.UNAVAILABLE && status.getCause() != null) {
      message = "cannot reach " + target + ": " + rootMessage(status.getCause());
    } else if (message == null || message.isBlank()) {
      message = status.getCause() == null ? "no message" : rootMessage(status.getCause());
    }
    if (!violations.isEmpty() && violations.stream().noneMatch(message::contains)) {
      message = message + " (" + String.join("; ", violations) + ")";
    }
    return new CliException(exitCode(status.getCode()), reason, message);
  }

  /** The item a bulk upload was refused for, when the server named one ({@code items[12].…}). */
  public static OptionalLong refusedItem(StatusRuntimeException e) {
    for (Any detail : details(e)) {
      if (detail.is(BadRequest.class)) {
        try {
          for (var violation : detail.unpack(BadRequest.class).getFieldViolationsList()) {
            Matcher index = ITEM_INDEX.matcher(violation.getField());
            if (index.find()) {
              return OptionalLong.of(Long.parseLong(index.group(1)));
            }
          }
        } catch (InvalidProtocolBufferException | NumberFormatException ignored) {
          return OptionalLong.empty();
        }
      }
    }
    return OptionalLong.empty();
  }

  static ExitCode exitCode(Status.Code code) {
    return switch (code) {
      case OK -> ExitCode.OK;
      case UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED -> ExitCode.UNAVAILABLE;
      case UNAUTHENTICATED, PERMISSION_DENIED -> ExitCode.UNAUTHORIZED;
      case NOT_FOUND -> ExitCode.NOT_FOUND;
      case INVALID_ARGUMENT,
          ALREADY_EXISTS,
          FAILED_PRECONDITION,
          ABORTED,
          OUT_OF_RANGE,
          UNIMPLEMENTED ->
          ExitCode.REJECTED;
      case CANCELLED, UNKNOWN, INTERNAL, DATA_LOSS -> ExitCode.FAILED;
    };
  }

  private static List<Any> details(StatusRuntimeException e) {
    return Optional.ofNullable(StatusProto.fromThrowable(e))
        .map(com.google.rpc.Status::getDetailsList)
        .orElse(List.of());
  }

  private static String rootMessage(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    if (message == null || message.isBlank()) {
      return root.getClass().getSimpleName();
    }
    // netty's native transport prefixes the system call: the reader wants "Connection refused"
    return message.replaceFirst("^\\w+\\(\\.\\.\\) failed(?: with error\\(-?\\d+\\))?: ", "");
  }
}
