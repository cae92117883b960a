package io.switchboard.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a dialect answers: a status, a JSON body and a few headers of its own (ETag,
 * Retry-After...). It is also what an idempotent call stores and replays, so it holds nothing but
 * these.
 */
public record JsonResponse(int status, JsonNode body, Map<String, String> headers) {
  public JsonResponse {
    Objects.requireNonNull(body, "body");
    headers = Map.copyOf(headers);
  }

  public static JsonResponse of(int status, JsonNode body) {
    return new JsonResponse(status, body, Map.of());
  }

  public JsonResponse withHeader(String name, String value) {
    var copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new JsonResponse(status, body, copy);
  }
}
