package io.switchboard.rest;

import io.javalin.http.Context;

/** Writes a {@link JsonResponse} to the HTTP response. */
public final class Responses {
  public static final String JSON = "application/json";

  private Responses() {}

  public static void write(Context ctx, JsonResponse response) {
    ctx.status(response.status());
    response.headers().forEach(ctx::header);
    Revisions.answer(ctx);
    ctx.contentType(JSON);
    ctx.result(JsonBodies.write(response.body()));
  }
}
