package io.switchboard.grpc;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;

/**
 * Catches whatever a service method throws and closes the call with {@link GrpcErrors}' status, so
 * the services can simply let domain exceptions propagate. Innermost interceptor: it runs inside
 * the request id and principal contexts.
 */
final class ExceptionMappingInterceptor implements ServerInterceptor {

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    ServerCall.Listener<Q> listener;
    try {
      listener = next.startCall(call, headers);
    } catch (RuntimeException e) {
      closeWith(call, e);
      return new ServerCall.Listener<>() {};
    }
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onMessage(Q message) {
        try {
          super.onMessage(message);
        } catch (RuntimeException e) {
          closeWith(call, e);
        }
      }

      @Override
      public void onHalfClose() {
        try {
          super.onHalfClose();
        } catch (RuntimeException e) {
          closeWith(call, e);
        }
      }
    };
  }

  private static void closeWith(ServerCall<?, ?> call, RuntimeException e) {
    StatusRuntimeException status = GrpcErrors.toStatusException(e, CallContext.requestId());
    try {
      call.close(
          status.getStatus(), status.getTrailers() == null ? new Metadata() : status.getTrailers());
    } catch (IllegalStateException alreadyClosed) {
      // The service closed the call before failing; nothing more can be told to the caller.
    }
  }
}
