package io.switchboard.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.switchboard.application.common.WrittenRevision;

/**
 * Returns a mutation's consistency token: the change-feed revision its writes committed, as
 * response metadata {@code x-switchboard-revision} (sent with the response headers, which a unary
 * call sends with its response, after the work). Callers pass it as {@code
 * ResolveInboundRequest.min_revision} to any replica. Calls that changed nothing get none.
 */
final class RevisionInterceptor implements ServerInterceptor {

  static final Metadata.Key<String> REVISION_HEADER =
      Metadata.Key.of("x-switchboard-revision", Metadata.ASCII_STRING_MARSHALLER);

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    WrittenRevision written = new WrittenRevision();
    Context context = Context.current().withValue(CallContext.WRITTEN_REVISION, written);
    return Contexts.interceptCall(
        context,
        new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
          @Override
          public void sendHeaders(Metadata responseHeaders) {
            written
                .value()
                .ifPresent(
                    revision -> responseHeaders.put(REVISION_HEADER, Long.toString(revision)));
            super.sendHeaders(responseHeaders);
          }
        },
        headers,
        next);
  }
}
