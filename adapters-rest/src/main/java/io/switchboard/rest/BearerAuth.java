package io.switchboard.rest;

import io.javalin.http.Context;
import io.switchboard.application.auth.AuthenticateUseCase;
import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.change.SourceApi;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.error.UnauthenticatedException;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code Authorization: Bearer <api key>} to a {@link RequestContext}. No header is MISSING; a
 * header that is not a usable bearer token, or an unknown or revoked key, is INVALID. The key's
 * rate limit applies here too.
 */
public final class BearerAuth {
  private static final String PREFIX = "bearer ";

  private final AuthenticateUseCase auth;

  public BearerAuth(AuthenticateUseCase auth) {
    this.auth = auth;
  }

  public RequestContext authenticate(Context ctx, SourceApi sourceApi) {
    String header = ctx.header("Authorization");
    if (header == null || header.isBlank()) {
      throw new UnauthenticatedException(Reason.MISSING_CREDENTIALS, "authentication required");
    }
    String trimmed = header.strip();
    if (trimmed.length() <= PREFIX.length()
        || !trimmed.substring(0, PREFIX.length()).toLowerCase(Locale.ROOT).equals(PREFIX)) {
      throw new UnauthenticatedException(
          Reason.INVALID_CREDENTIALS, "the Authorization header must be 'Bearer <token>'");
    }
    String token = trimmed.substring(PREFIX.length()).strip();
    // the peer address, never X-Forwarded-For: a header would let a guesser pick a fresh address
    // per attempt
    return new RequestContext(
        auth.authenticate(token, ctx.req().getRemoteAddr()),
        RequestIds.of(ctx),
        sourceApi,
        Optional.empty(),
        Revisions.of(ctx));
  }
}
