package io.switchboard.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.idempotency.IdempotentExecutor;
import io.switchboard.domain.org.Scope;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code Idempotency-Key} for mutating calls. The first response (status, body, headers) is stored
 * in the transaction of the mutation and replayed for the same key and the same request; the same
 * key with another request is refused by the executor (InvalidArgument IDEMPOTENCY_KEY_REUSED), and
 * a key still in flight is a ConcurrencyConflict. Failures are not stored: the transaction rolls
 * back, so a retry runs again.
 */
public final class IdempotentCalls {
  public static final String HEADER = "Idempotency-Key";

  private final IdempotentExecutor executor;

  public IdempotentCalls(IdempotentExecutor executor) {
    this.executor = executor;
  }

  /**
   * @param scopes what the mutation needs, checked before a stored response can be replayed
   * @param operation the method and route template, for example {@code PATCH
   *     /api/v1/phone-numbers/{uuid}}
   * @param body the parsed request body, or null when the call has none
   * @param action the mutation, rendered as the dialect's response
   */
  public JsonResponse run(
      Context http,
      RequestContext ctx,
      Set<Scope> scopes,
      String operation,
      JsonNode body,
      Supplier<JsonResponse> action) {
    Optional<String> key = Optional.ofNullable(http.header(HEADER));
    return executor.execute(
        ctx, scopes, key, operation, canonicalRequest(http, body), CODEC, action);
  }

  /**
   * Path parameters, query, If-Match and the re-serialized body, keys sorted: whitespace or key
   * order do not matter.
   */
  static byte[] canonicalRequest(Context http, JsonNode body) {
    ObjectNode request = JsonBodies.object();
    ObjectNode path = request.putObject("path");
    new TreeMap<>(http.pathParamMap()).forEach(path::put);
    request.set("query", JsonBodies.multiMap(new TreeMap<>(http.queryParamMap())));
    String ifMatch = http.header(Etags.IF_MATCH);
    request.put("if_match", ifMatch);
    request.set("body", body == null ? NullNode.getInstance() : body);
    return JsonBodies.canonical(request);
  }

  static final IdempotentExecutor.ResponseCodec<JsonResponse> CODEC =
      new IdempotentExecutor.ResponseCodec<>() {
        @Override
        public byte[] encode(JsonResponse response) {
          ObjectNode stored = JsonBodies.object();
          stored.put("status", response.status());
          ObjectNode headers = stored.putObject("headers");
          response.headers().forEach(headers::put);
          stored.set("body", response.body());
          return JsonBodies.write(stored);
        }

        @Override
        public JsonResponse decode(byte[] bytes) {
          JsonNode stored = JsonBodies.readStored(bytes);
          Map<String, String> headers = new LinkedHashMap<>();
          stored
              .get("headers")
              .properties()
              .forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
          return new JsonResponse(stored.get("status").intValue(), stored.get("body"), headers);
        }
      };
}
