package io.switchboard.rest;

import io.javalin.http.Context;
import io.switchboard.application.common.WrittenRevision;

/**
 * A mutation's consistency token over REST: the change-feed revision its writes committed, answered
 * as {@value #HEADER} in every dialect (a header, so no dialect's body shape changes). Call routers
 * pass it to {@code ResolveInbound} as {@code min_revision}. Requests that changed nothing get
 * none.
 */
public final class Revisions {
  public static final String HEADER = "X-Switchboard-Revision";
  private static final String ATTRIBUTE = Revisions.class.getName();

  private Revisions() {}

  /** The holder the request's use cases record their revisions in. */
  static WrittenRevision of(Context ctx) {
    WrittenRevision written = ctx.attribute(ATTRIBUTE);
    if (written == null) {
      written = new WrittenRevision();
      ctx.attribute(ATTRIBUTE, written);
    }
    return written;
  }

  /** Sets the header when the request's writes committed a revision. */
  static void answer(Context ctx) {
    WrittenRevision written = ctx.attribute(ATTRIBUTE);
    if (written != null) {
      written.value().ifPresent(revision -> ctx.header(HEADER, Long.toString(revision)));
    }
  }
}
