package io.switchboard.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.switchboard.application.UseCases;
import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.error.DomainException;
import io.switchboard.rest.agentmessage.AgentMessageRoutes;
import io.switchboard.rest.mindhunters.MindhuntersApi;
import io.switchboard.rest.voiceos.VoiceOsRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The REST compatibility API: the Mindhunters, VoiceOS and AgentMessage dialects on one HTTP server. Plug it into
 * the server as a route contributor: {@code new RestApi(useCases, clock)}.
 *
 * <p>Besides the dialects' routes it installs what every request gets: an {@code X-Request-Id}, and one failure
 * handler that sends every failure to the dialect owning the path (so it renders in that dialect's error shape), logs
 * unexpected ones with the request id, and answers unknown routes in JSON. It also serves the dialects' OpenAPI
 * documents and their browsable reference ({@link ApiDocs}: {@code /openapi/{dialect}.json}, {@code /docs}).
 */
public final class RestApi implements Consumer<JavalinConfig> {
  private static final Logger LOG = LoggerFactory.getLogger(RestApi.class);

  private final List<Dialect> dialects;
  private final ApiDocs apiDocs = new ApiDocs();

  public RestApi(UseCases useCases, Clock clock) {
    this(dialects(new RestSupport(useCases, clock)));
  }

  RestApi(List<Dialect> dialects) {
    // longest prefix first, so a more specific dialect wins
    this.dialects = dialects.stream().sorted(Comparator.comparingInt((Dialect d) -> d.pathPrefix().length()).reversed())
        .toList();
  }

  private static List<Dialect> dialects(RestSupport support) {
    return List.of(
        new MindhuntersApi(support),
        new VoiceOsRoutes(support),
        new AgentMessageRoutes(support));
  }

  @Override
  public void accept(JavalinConfig config) {
    config.routes.before(RequestIds::assign);
    // refuse declared oversized bodies before authentication or parsing spend anything on them
    config.routes.before(JsonBodies::refuseDeclaredOversize);
    config.routes.after(RequestIds::forget);
    // HttpResponseException is registered on its own: Javalin keeps a default handler for it otherwise
    config.routes.exception(HttpResponseException.class, (e, ctx) -> fail(ctx, translate(e)));
    config.routes.exception(Exception.class, (e, ctx) -> fail(ctx, e));
    dialects.forEach(d -> d.registerRoutes(config));
    apiDocs.register(config);
  }

  /** Javalin's own refusals (unknown route, wrong method, body too large) as problems the dialects know. */
  private static Exception translate(HttpResponseException e) {
    return switch (e.getStatus()) {
      case 404 -> new HttpProblem(HttpProblem.Kind.ROUTE_NOT_FOUND, "no such endpoint");
      case 405 -> new HttpProblem(HttpProblem.Kind.METHOD_NOT_ALLOWED, "method not allowed on this endpoint");
      case 413 -> new HttpProblem(HttpProblem.Kind.PAYLOAD_TOO_LARGE,
          "the request body is larger than " + JsonBodies.MAX_BODY_BYTES + " bytes");
      case 400 -> new HttpProblem(HttpProblem.Kind.MALFORMED_JSON, "malformed request");
      default -> e;
    };
  }

  private void fail(Context ctx, Exception failure) {
    RequestId requestId = RequestIds.of(ctx);
    JsonResponse response;
    try {
      response = dialectOf(ctx.path()).map(d -> d.renderError(failure, requestId))
          .orElseGet(() -> outsideDialects(failure, requestId));
    } catch (RuntimeException renderingFailed) {
      LOG.error("rendering an error failed on {} {} (request {})", ctx.method(), ctx.path(), requestId, renderingFailed);
      response = outsideDialects(new IllegalStateException(), requestId);
    }
    // a dialect's own refusals (VoiceOS validation) render as 4xx: only what ends as a 500 is unexpected
    if (!(failure instanceof DomainException) && !(failure instanceof HttpProblem) && response.status() >= 500) {
      LOG.error("unexpected failure on {} {} (request {})", ctx.method(), ctx.path(), requestId, failure);
    }
    Responses.write(ctx, response);
  }

  /** The name of the dialect that owns the path (for metrics and traces), or empty for paths outside every dialect. */
  public Optional<String> dialectName(String path) {
    return dialectOf(path).map(Dialect::name);
  }

  private Optional<Dialect> dialectOf(String path) {
    return dialects.stream()
        .filter(d -> path.equals(d.pathPrefix()) || path.startsWith(d.pathPrefix() + "/"))
        .findFirst();
  }

  /** Paths no dialect owns (and last-resort rendering): a minimal JSON error. */
  private static JsonResponse outsideDialects(Exception failure, RequestId requestId) {
    int status;
    String code;
    String message;
    if (failure instanceof HttpProblem problem) {
      status = problem.kind().status();
      code = problem.kind().name();
      message = problem.getMessage();
    } else {
      status = 500;
      code = "INTERNAL";
      message = "internal error";
    }
    ObjectNode body = JsonBodies.object();
    body.put("success", false);
    ObjectNode error = body.putObject("error");
    error.put("code", code);
    error.put("message", message);
    error.put("request_id", requestId.value());
    return JsonResponse.of(status, body);
  }
}
