package io.switchboard.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import io.switchboard.application.auth.AuthenticateUseCase;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.error.UnauthenticatedException;
import io.switchboard.domain.org.Principal;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Locale;
import java.util.Set;

/**
 * Authenticates {@code authorization: Bearer <key>} and attaches the principal to the call. Scope
 * checks are the use cases' business. Health checks and reflection are open: load balancers and
 * tools call them without a key.
 */
final class AuthenticationInterceptor implements ServerInterceptor {

  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  static final Set<String> OPEN_SERVICES =
      Set.of(
          "grpc.health.v1.Health",
          "grpc.reflection.v1.ServerReflection",
          "grpc.reflection.v1alpha.ServerReflection");
  private static final String BEARER = "bearer ";

  private final AuthenticateUseCase auth;

  AuthenticationInterceptor(AuthenticateUseCase auth) {
    this.auth = auth;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (OPEN_SERVICES.contains(call.getMethodDescriptor().getServiceName())) {
      return next.startCall(call, headers);
    }
    Principal principal;
    try {
      principal = auth.authenticate(bearerToken(headers.get(AUTHORIZATION)), clientAddress(call));
    } catch (RuntimeException e) {
      StatusRuntimeException status = GrpcErrors.toStatusException(e, CallContext.requestId());
      call.close(
          status.getStatus(), status.getTrailers() == null ? new Metadata() : status.getTrailers());
      return new ServerCall.Listener<>() {};
    }
    return Contexts.interceptCall(
        Context.current().withValue(CallContext.PRINCIPAL, principal), call, headers, next);
  }

  /** The peer's IP address, the unit failed authentications are counted and slowed down by. */
  private static String clientAddress(ServerCall<?, ?> call) {
    SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    return remote instanceof InetSocketAddress inet && inet.getAddress() != null
        ? inet.getAddress().getHostAddress()
        : AuthenticateUseCase.UNKNOWN_CLIENT;
  }

  /**
   * @throws UnauthenticatedException when the header is there but not {@code Bearer <key>}
   */
  static String bearerToken(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      return null;
    }
    if (!authorization.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
      throw new UnauthenticatedException(
          Reason.INVALID_CREDENTIALS, "the authorization header must be \"Bearer <api key>\"");
    }
    return authorization.substring(BEARER.length()).strip();
  }
}
