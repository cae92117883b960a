package io.switchboard.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reading request bodies and writing responses as JSON trees. Bodies are parsed strictly (duplicate
 * keys, trailing garbage and oversized input are refused) into a tree so that the dialects can tell
 * an absent field from an explicit {@code null}; decimals stay exact.
 */
public final class JsonBodies {
  /** The largest body accepted; the HTTP server is configured with the same limit. */
  public static final long MAX_BODY_BYTES = 1024 * 1024;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  private JsonBodies() {}

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  public static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  /**
   * The request body as a JSON object. Throws {@link HttpProblem} MALFORMED_JSON when it is empty,
   * not JSON or not an object, PAYLOAD_TOO_LARGE when it is over {@link #MAX_BODY_BYTES}.
   */
  public static ObjectNode readObject(Context ctx) {
    JsonNode node = parse(readLimited(ctx));
    if (!(node instanceof ObjectNode object)) {
      throw new HttpProblem(
          HttpProblem.Kind.MALFORMED_JSON, "the request body must be a JSON object");
    }
    return object;
  }

  static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      throw new HttpProblem(
          HttpProblem.Kind.MALFORMED_JSON, "the request body must be a JSON object");
    }
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw new HttpProblem(
            HttpProblem.Kind.MALFORMED_JSON, "the request body must be a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      // the parser's message names a position; it never contains more than the caller sent. Limits
      // (nesting depth,
      // string or number length) fail without a location.
      throw new HttpProblem(
          HttpProblem.Kind.MALFORMED_JSON,
          e.getLocation() == null
              ? "the request body is not valid JSON or exceeds a parser limit (nesting, string or number length)"
              : "the request body is not valid JSON (line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr()
                  + ")");
    } catch (IOException e) {
      // the bytes are in memory, so this is no I/O failure: Jackson guessed UTF-16/32 from the
      // first bytes and the
      // rest did not decode (CharConversionException)
      throw new HttpProblem(
          HttpProblem.Kind.MALFORMED_JSON, "the request body is not valid JSON text");
    }
  }

  /**
   * Throws PAYLOAD_TOO_LARGE when the declared Content-Length is over the limit (chunked bodies:
   * see readObject).
   */
  static void refuseDeclaredOversize(Context ctx) {
    String declared = ctx.header("Content-Length");
    if (declared != null) {
      try {
        if (Long.parseLong(declared.strip()) > MAX_BODY_BYTES) {
          throw tooLarge();
        }
      } catch (NumberFormatException ignored) {
        // Jetty rejects a malformed Content-Length before we get here
      }
    }
  }

  private static byte[] readLimited(Context ctx) {
    refuseDeclaredOversize(ctx);
    try {
      byte[] body = ctx.bodyAsBytes();
      if (body.length > MAX_BODY_BYTES) {
        throw tooLarge();
      }
      return body;
    } catch (HttpResponseException e) {
      if (e.getStatus() == 413) {
        throw tooLarge();
      }
      throw e;
    }
  }

  private static HttpProblem tooLarge() {
    return new HttpProblem(
        HttpProblem.Kind.PAYLOAD_TOO_LARGE,
        "the request body is larger than " + MAX_BODY_BYTES + " bytes");
  }

  public static byte[] write(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  /** Parses bytes this class wrote (stored responses). */
  static JsonNode readStored(byte[] bytes) {
    try {
      return MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new IllegalStateException("a stored response is not JSON", e);
    }
  }

  /** The same tree with every object's keys sorted, serialized: equal requests give equal bytes. */
  public static byte[] canonical(JsonNode node) {
    return write(sorted(node));
  }

  private static JsonNode sorted(JsonNode node) {
    if (node instanceof ObjectNode object) {
      var keys = new TreeMap<String, JsonNode>();
      object.properties().forEach(e -> keys.put(e.getKey(), sorted(e.getValue())));
      ObjectNode copy = MAPPER.createObjectNode();
      keys.forEach(copy::set);
      return copy;
    }
    if (node instanceof ArrayNode array) {
      ArrayNode copy = MAPPER.createArrayNode();
      array.forEach(element -> copy.add(sorted(element)));
      return copy;
    }
    return node;
  }

  /** A map of lists (query parameters) as a JSON object, for canonical request bytes. */
  static ObjectNode multiMap(Map<String, List<String>> values) {
    ObjectNode node = MAPPER.createObjectNode();
    values.forEach((k, v) -> {
      ArrayNode list = node.putArray(k);
      new ArrayList<>(v).forEach(list::add);
    });
    return node;
  }
}
