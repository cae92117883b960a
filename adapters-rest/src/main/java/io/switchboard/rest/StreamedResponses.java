package io.switchboard.rest;

import io.javalin.http.Context;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/**
 * Ending a streamed response that failed after its first bytes: its status line and part of its
 * body are already with the client, so no error can be sent any more. Closing the connection
 * without the terminating chunk is how HTTP says "incomplete": every client then reports a
 * truncated transfer instead of taking the part for the whole.
 */
public final class StreamedResponses {
  private StreamedResponses() {}

  public static void abort(Context ctx, Throwable cause) {
    ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
    if (request == null) {
      throw new IllegalStateException("not a Jetty request: cannot abort the response", cause);
    }
    request.getConnectionMetaData().getConnection().getEndPoint().close(cause);
  }
}
