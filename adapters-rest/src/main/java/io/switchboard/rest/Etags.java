package io.switchboard.rest;

import io.javalin.http.Context;
import io.switchboard.domain.error.InvalidArgumentException;
import java.util.Optional;

/**
 * Strong etags over a resource version ({@code "7"}) and the {@code If-Match} precondition. A stale
 * If-Match reaches the use case as the expected etag, which refuses with ConcurrencyConflict
 * ETAG_MISMATCH (412 in every dialect).
 */
public final class Etags {
  public static final String ETAG = "ETag";
  public static final String IF_MATCH = "If-Match";

  private Etags() {}

  /** The strong etag header value of a version, quotes included. */
  public static String strong(String version) {
    return "\"" + version + "\"";
  }

  /**
   * The version the caller expects, unquoted; empty without If-Match or with {@code *}. A weak etag
   * never matches (If-Match compares strongly), so it is passed on as is and fails the check.
   */
  public static Optional<String> ifMatch(Context ctx) {
    return parseIfMatch(ctx.header(IF_MATCH));
  }

  static Optional<String> parseIfMatch(String header) {
    if (header == null || header.isBlank() || header.strip().equals("*")) {
      return Optional.empty();
    }
    String value = header.strip();
    if (value.contains(",")) {
      throw InvalidArgumentException.of("If-Match", "must name exactly one etag");
    }
    if (value.startsWith("W/")) {
      return Optional.of(value);
    }
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      return Optional.of(value.substring(1, value.length() - 1));
    }
    return Optional.of(value);
  }
}
