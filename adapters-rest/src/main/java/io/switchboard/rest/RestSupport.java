package io.switchboard.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.switchboard.application.auth.AuthenticateUseCase;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.idempotency.IdempotentExecutor;
import io.switchboard.domain.change.SourceApi;
import io.switchboard.domain.org.Scope;
import java.time.Clock;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The shared pieces a dialect's handlers use, in one object: authentication, JSON bodies,
 * idempotency and response writing. Dialect rules (field names, null semantics, error shapes) stay
 * in the dialects.
 */
public final class RestSupport {
  /**
   * What every mutation of the dialects needs (releases back to the carrier need inventory writes
   * too).
   */
  public static final Set<Scope> NUMBERS_WRITE = Set.of(Scope.NUMBERS_WRITE);

  private final Clock clock;
  private final BearerAuth auth;
  private final IdempotentCalls idempotency;

  public RestSupport(
      AuthenticateUseCase authenticate, IdempotentExecutor idempotency, Clock clock) {
    this.clock = clock;
    this.auth = new BearerAuth(authenticate);
    this.idempotency = new IdempotentCalls(idempotency);
  }

  public Clock clock() {
    return clock;
  }

  /**
   * The caller behind the bearer token, or UnauthenticatedException (MISSING / INVALID) /
   * RATE_LIMITED.
   */
  public RequestContext authenticate(Context ctx, SourceApi sourceApi) {
    return auth.authenticate(ctx, sourceApi);
  }

  /** The body as a JSON object, or HttpProblem MALFORMED_JSON / PAYLOAD_TOO_LARGE. */
  public ObjectNode readObject(Context ctx) {
    return JsonBodies.readObject(ctx);
  }

  /**
   * Runs a mutation under the request's Idempotency-Key (if any); see {@link IdempotentCalls}. The
   * caller's scopes are checked first, so a replay never hands a stored response to a key that
   * could not have made the call.
   */
  public JsonResponse idempotent(
      Context http,
      RequestContext ctx,
      Set<Scope> scopes,
      String operation,
      JsonNode body,
      Supplier<JsonResponse> action) {
    return idempotency.run(http, ctx, scopes, operation, body, action);
  }

  public void write(Context ctx, JsonResponse response) {
    Responses.write(ctx, response);
  }
}
