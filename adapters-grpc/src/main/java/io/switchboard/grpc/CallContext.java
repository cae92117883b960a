package io.switchboard.grpc;

import io.grpc.Context;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.WrittenRevision;
import io.switchboard.domain.change.SourceApi;
import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.error.UnauthenticatedException;
import io.switchboard.domain.org.Principal;
import java.time.Instant;
import java.util.Optional;

/**
 * What the interceptors learn about a call (request id, method, deadline, principal), kept in the
 * gRPC {@link Context} so that the services can build the use cases' {@link RequestContext} from
 * it.
 */
final class CallContext {

  static final Context.Key<RequestId> REQUEST_ID = Context.key("switchboard.request_id");
  static final Context.Key<String> FULL_METHOD_NAME = Context.key("switchboard.full_method_name");
  static final Context.Key<Instant> DEADLINE = Context.key("switchboard.deadline");
  static final Context.Key<Principal> PRINCIPAL = Context.key("switchboard.principal");
  static final Context.Key<WrittenRevision> WRITTEN_REVISION =
      Context.key("switchboard.written_revision");

  private CallContext() {}

  /** The use-case context of the current call; UNAUTHENTICATED when no principal was attached. */
  static RequestContext requestContext() {
    Principal principal = PRINCIPAL.get();
    if (principal == null) {
      throw new UnauthenticatedException(Reason.MISSING_CREDENTIALS, "authentication required");
    }
    WrittenRevision written = WRITTEN_REVISION.get();
    return new RequestContext(
        principal,
        requestId().orElseGet(RequestId::random),
        SourceApi.GRPC,
        Optional.ofNullable(DEADLINE.get()),
        written == null ? new WrittenRevision() : written);
  }

  static Optional<RequestId> requestId() {
    return Optional.ofNullable(REQUEST_ID.get());
  }

  static String fullMethodName() {
    String name = FULL_METHOD_NAME.get();
    if (name == null) {
      throw new IllegalStateException("the request id interceptor did not run");
    }
    return name;
  }
}
