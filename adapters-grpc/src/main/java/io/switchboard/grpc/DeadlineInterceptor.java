package io.switchboard.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Turns the caller's gRPC deadline into the instant the use cases hand to the database (statements
 * stop when it passes). A call whose deadline has already passed is refused before any work.
 */
final class DeadlineInterceptor implements ServerInterceptor {

  private final Clock clock;

  DeadlineInterceptor(Clock clock) {
    this.clock = clock;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    Deadline deadline = Context.current().getDeadline();
    if (deadline == null) {
      return next.startCall(call, headers);
    }
    long remainingNanos = deadline.timeRemaining(TimeUnit.NANOSECONDS);
    if (remainingNanos <= 0) {
      call.close(
          Status.DEADLINE_EXCEEDED.withDescription("the deadline passed before the call started"),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    Instant at = clock.instant().plusNanos(remainingNanos);
    return Contexts.interceptCall(
        Context.current().withValue(CallContext.DEADLINE, at), call, headers, next);
  }
}
