package io.switchboard.rest;

/**
 * A request the HTTP layer refuses before any use case sees it. Each dialect renders these in its
 * own error shape.
 */
public final class HttpProblem extends RuntimeException {

  public enum Kind {
    /** The body is not well-formed JSON (or not JSON at all). Usually 400. */
    MALFORMED_JSON(400),
    /** The body is larger than {@link JsonBodies#MAX_BODY_BYTES}. 413. */
    PAYLOAD_TOO_LARGE(413),
    /** No route matches the path. 404. */
    ROUTE_NOT_FOUND(404),
    /** The path exists but not with this method. 405. */
    METHOD_NOT_ALLOWED(405);

    private final int status;

    Kind(int status) {
      this.status = status;
    }

    /** The conventional status; a dialect may choose another one its clients know. */
    public int status() {
      return status;
    }
  }

  private final Kind kind;

  public HttpProblem(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
