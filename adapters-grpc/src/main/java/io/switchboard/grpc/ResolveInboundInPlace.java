package io.switchboard.grpc;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.switchboard.application.auth.AuthenticateUseCase;
import io.switchboard.application.routing.ResolveInboundUseCase;
import io.switchboard.proto.v1.ResolveInboundRequest;
import io.switchboard.proto.v1.RoutingServiceGrpc;

/**
 * ResolveInbound is the call routers' hot path and is answered from the route cache: in place when
 * its key is accepted from the authentication cache and the route cache holds the revision it asks
 * for. A key not cached (or refused), or a {@code min_revision} this replica has not applied yet,
 * sends the call to the call threads, where the lookup or the wait may block.
 */
final class ResolveInboundInPlace implements InPlaceCalls {

  private static final String METHOD =
      RoutingServiceGrpc.getResolveInboundMethod().getFullMethodName();

  private final AuthenticateUseCase authenticate;
  private final ResolveInboundUseCase resolve;

  ResolveInboundInPlace(AuthenticateUseCase authenticate, ResolveInboundUseCase resolve) {
    this.authenticate = authenticate;
    this.resolve = resolve;
  }

  @Override
  public boolean mayAnswer(MethodDescriptor<?, ?> method) {
    return METHOD.equals(method.getFullMethodName());
  }

  @Override
  public boolean answers(MethodDescriptor<?, ?> method, Metadata headers, Object request) {
    if (!mayAnswer(method) || !(request instanceof ResolveInboundRequest resolveRequest)) {
      return false;
    }
    String token;
    try {
      token =
          AuthenticationInterceptor.bearerToken(
              headers.get(AuthenticationInterceptor.AUTHORIZATION));
    } catch (RuntimeException malformed) {
      return false; // refused at the door, where a refusal may be slowed down
    }
    return authenticate.acceptsFromMemory(token)
        && resolve.answersFromMemory(resolveRequest.getMinRevision());
  }
}
