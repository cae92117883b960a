package io.switchboard.rest;

import io.javalin.http.Context;
import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.error.InvalidArgumentException;
import org.slf4j.MDC;

/**
 * The request id of every HTTP request: the caller's {@code X-Request-Id} when it is a sane token,
 * else a fresh UUID. It is echoed on the response, put in the SLF4J MDC under {@value #MDC_KEY} for
 * the request's log lines, and handed to use cases (change events carry it).
 */
public final class RequestIds {
  public static final String HEADER = "X-Request-Id";
  public static final String MDC_KEY = "request_id";
  private static final String ATTRIBUTE = RequestIds.class.getName();

  private RequestIds() {}

  /** Before every handler: assign, echo, log. */
  static void assign(Context ctx) {
    RequestId id = parseOrGenerate(ctx.header(HEADER));
    ctx.attribute(ATTRIBUTE, id);
    ctx.header(HEADER, id.value());
    MDC.put(MDC_KEY, id.value());
  }

  /** After every handler (also after failures): the thread may serve another request next. */
  static void forget(Context ctx) {
    MDC.remove(MDC_KEY);
  }

  /** The id of the request being handled. */
  public static RequestId of(Context ctx) {
    RequestId id = ctx.attribute(ATTRIBUTE);
    if (id == null) {
      // only when a handler runs outside RestApi's before-handler (should not happen); still answer
      // with an id
      assign(ctx);
      id = ctx.attribute(ATTRIBUTE);
    }
    return id;
  }

  static RequestId parseOrGenerate(String incoming) {
    if (incoming == null || incoming.isBlank()) {
      return RequestId.random();
    }
    try {
      return new RequestId(incoming.strip());
    } catch (InvalidArgumentException e) {
      return RequestId.random();
    }
  }
}
