package io.switchboard.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.error.InvalidArgumentException;
import org.slf4j.MDC;

/**
 * Gives every call a request id: the caller's {@code x-request-id} when it is a valid one, else a
 * fresh one. The id goes into the gRPC context (and from there into change events), into the SLF4J
 * MDC as {@code request_id} while the call's code runs, and back to the caller in the response
 * headers (or trailers, when no headers were sent).
 */
final class RequestIdInterceptor implements ServerInterceptor {

  static final Metadata.Key<String> REQUEST_ID_HEADER =
      Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);
  static final String MDC_KEY = "request_id";

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    RequestId requestId = requestIdFrom(headers.get(REQUEST_ID_HEADER));
    Context context =
        Context.current()
            .withValue(CallContext.REQUEST_ID, requestId)
            .withValue(
                CallContext.FULL_METHOD_NAME, call.getMethodDescriptor().getFullMethodName());
    ServerCall<Q, R> echoing = new EchoingCall<>(call, requestId.value());
    try (var ignored = MDC.putCloseable(MDC_KEY, requestId.value())) {
      ServerCall.Listener<Q> listener = Contexts.interceptCall(context, echoing, headers, next);
      return new MdcListener<>(listener, requestId.value());
    }
  }

  private static RequestId requestIdFrom(String header) {
    if (header == null) {
      return RequestId.random();
    }
    try {
      return new RequestId(header);
    } catch (InvalidArgumentException e) {
      // A malformed tracing header is not worth failing a call over; the caller sees the id we used
      // instead.
      return RequestId.random();
    }
  }

  private static final class EchoingCall<Q, R>
      extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {
    private final String requestId;
    private boolean headersSent;

    EchoingCall(ServerCall<Q, R> delegate, String requestId) {
      super(delegate);
      this.requestId = requestId;
    }

    @Override
    public void sendHeaders(Metadata headers) {
      headers.put(REQUEST_ID_HEADER, requestId);
      headersSent = true;
      super.sendHeaders(headers);
    }

    @Override
    public void close(Status status, Metadata trailers) {
      if (!headersSent) {
        trailers.put(REQUEST_ID_HEADER, requestId);
      }
      super.close(status, trailers);
    }
  }

  /**
   * Callbacks may run on any executor thread, so the MDC is set around each one rather than once.
   */
  private static final class MdcListener<Q>
      extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {
    private final String requestId;

    MdcListener(ServerCall.Listener<Q> delegate, String requestId) {
      super(delegate);
      this.requestId = requestId;
    }

    @Override
    public void onMessage(Q message) {
      try (var ignored = MDC.putCloseable(MDC_KEY, requestId)) {
        super.onMessage(message);
      }
    }

    @Override
    public void onHalfClose() {
      try (var ignored = MDC.putCloseable(MDC_KEY, requestId)) {
        super.onHalfClose();
      }
    }

    @Override
    public void onCancel() {
      try (var ignored = MDC.putCloseable(MDC_KEY, requestId)) {
        super.onCancel();
      }
    }

    @Override
    public void onComplete() {
      try (var ignored = MDC.putCloseable(MDC_KEY, requestId)) {
        super.onComplete();
      }
    }

    @Override
    public void onReady() {
      try (var ignored = MDC.putCloseable(MDC_KEY, requestId)) {
        super.onReady();
      }
    }
  }
}
