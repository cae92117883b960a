package io.switchboard.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.switchboard.application.UseCaseServices;
import io.switchboard.application.audit.ExportChangesUseCase;
import io.switchboard.application.audit.ListChangesUseCase;
import io.switchboard.application.auth.AuthenticateUseCase;
import io.switchboard.application.binding.BindAgentUseCase;
import io.switchboard.application.binding.UnbindAgentUseCase;
import io.switchboard.application.idempotency.IdempotentExecutor;
import io.switchboard.application.inventory.OrderPhoneNumbersUseCase;
import io.switchboard.application.inventory.PurchasePhoneNumberUseCase;
import io.switchboard.application.inventory.SearchAvailableNumbersUseCase;
import io.switchboard.application.number.GetPhoneNumberUseCase;
import io.switchboard.application.number.ListPhoneNumbersUseCase;
import io.switchboard.application.number.ReleasePhoneNumberUseCase;
import io.switchboard.application.number.UpdatePhoneNumberUseCase;
import io.switchboard.application.port.TokenSigner;
import io.switchboard.application.trunk.AssignTrunkUseCase;
import io.switchboard.application.trunk.DeleteTrunkUseCase;
import io.switchboard.application.trunk.ListTrunkNumbersUseCase;
import io.switchboard.application.trunk.RegisterTrunkUseCase;
import io.switchboard.application.trunk.UpdateTrunkUseCase;
import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.error.DomainException;
import io.switchboard.rest.agentmessage.AgentMessageRoutes;
import io.switchboard.rest.agentmessage.AgentMessageWebhookRoutes;
import io.switchboard.rest.mindhunters.MindhuntersApi;
import io.switchboard.rest.voiceos.VoiceOsRoutes;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST compatibility API: the Mindhunters, VoiceOS and AgentMessage dialects on one HTTP
 * server. Plug it into the server as a route contributor: {@code new RestApi(inboundPorts, clock)}.
 *
 * <p>Besides the dialects' routes it installs what every request gets: an {@code X-Request-Id}, and
 * one failure handler that sends every failure to the dialect owning the path (so it renders in
 * that dialect's error shape), logs unexpected ones with the request id, and answers unknown routes
 * in JSON. It also serves the dialects' OpenAPI documents and their browsable reference ({@link
 * ApiDocs}: {@code /openapi/{dialect}.json}, {@code /docs}).
 */
public final class RestApi implements Consumer<JavalinConfig> {
  private static final Logger LOG = LoggerFactory.getLogger(RestApi.class);

  private final List<Dialect> dialects;
  private final ApiDocs apiDocs = new ApiDocs();

  /**
   * The inbound ports the three dialects call, each as its use-case interface (bootstrap's wiring
   * passes the services behind them), and the cross-cutting pieces: authentication, the idempotency
   * wrapper, the cursor signer. Each dialect's route classes take exactly the interfaces they call
   * from it.
   */
  public record InboundPorts(
      AuthenticateUseCase authenticate,
      GetPhoneNumberUseCase getPhoneNumber,
      ListPhoneNumbersUseCase listPhoneNumbers,
      UpdatePhoneNumberUseCase updatePhoneNumber,
      ReleasePhoneNumberUseCase releasePhoneNumber,
      SearchAvailableNumbersUseCase searchAvailableNumbers,
      PurchasePhoneNumberUseCase purchasePhoneNumber,
      OrderPhoneNumbersUseCase orderPhoneNumbers,
      RegisterTrunkUseCase registerTrunk,
      ListTrunkNumbersUseCase listTrunkNumbers,
      UpdateTrunkUseCase updateTrunk,
      AssignTrunkUseCase assignTrunk,
      DeleteTrunkUseCase deleteTrunk,
      BindAgentUseCase bindAgent,
      UnbindAgentUseCase unbindAgent,
      ListChangesUseCase listChanges,
      ExportChangesUseCase exportChanges,
      UseCaseServices.Webhooks webhooks,
      IdempotentExecutor idempotency,
      TokenSigner tokenSigner) {
    /** The use cases the dialects call, picked from the application's composition. */
    public static InboundPorts of(UseCaseServices u) {
      return new InboundPorts(
          u.authenticate(),
          u.getPhoneNumber(),
          u.listPhoneNumbers(),
          u.updatePhoneNumber(),
          u.releasePhoneNumber(),
          u.searchAvailableNumbers(),
          u.purchasePhoneNumber(),
          u.orderPhoneNumbers(),
          u.registerTrunk(),
          u.listTrunkNumbers(),
          u.updateTrunk(),
          u.assignTrunk(),
          u.deleteTrunk(),
          u.bindAgent(),
          u.unbindAgent(),
          u.listChanges(),
          u.exportChanges(),
          u.webhooks(),
          u.idempotency(),
          u.tokenSigner());
    }

    public InboundPorts {
      Objects.requireNonNull(authenticate, "authenticate");
      Objects.requireNonNull(getPhoneNumber, "getPhoneNumber");
      Objects.requireNonNull(listPhoneNumbers, "listPhoneNumbers");
      Objects.requireNonNull(updatePhoneNumber, "updatePhoneNumber");
      Objects.requireNonNull(releasePhoneNumber, "releasePhoneNumber");
      Objects.requireNonNull(searchAvailableNumbers, "searchAvailableNumbers");
      Objects.requireNonNull(purchasePhoneNumber, "purchasePhoneNumber");
      Objects.requireNonNull(orderPhoneNumbers, "orderPhoneNumbers");
      Objects.requireNonNull(registerTrunk, "registerTrunk");
      Objects.requireNonNull(listTrunkNumbers, "listTrunkNumbers");
      Objects.requireNonNull(updateTrunk, "updateTrunk");
      Objects.requireNonNull(assignTrunk, "assignTrunk");
      Objects.requireNonNull(deleteTrunk, "deleteTrunk");
      Objects.requireNonNull(bindAgent, "bindAgent");
      Objects.requireNonNull(unbindAgent, "unbindAgent");
      Objects.requireNonNull(listChanges, "listChanges");
      Objects.requireNonNull(exportChanges, "exportChanges");
      Objects.requireNonNull(webhooks, "webhooks");
      Objects.requireNonNull(idempotency, "idempotency");
      Objects.requireNonNull(tokenSigner, "tokenSigner");
    }

    /** The shared request handling (authentication, idempotency) over these ports. */
    public RestSupport support(Clock clock) {
      return new RestSupport(authenticate, idempotency, clock);
    }
  }

  public RestApi(InboundPorts in, Clock clock) {
    this(dialects(in.support(clock), in));
  }

  RestApi(List<Dialect> dialects) {
    // longest prefix first, so a more specific dialect wins
    this.dialects =
        dialects.stream()
            .sorted(Comparator.comparingInt((Dialect d) -> d.pathPrefix().length()).reversed())
            .toList();
  }

  private static List<Dialect> dialects(RestSupport support, InboundPorts in) {
    return List.of(
        new MindhuntersApi(support, in),
        VoiceOsRoutes.of(support, in),
        AgentMessageRoutes.of(support, in),
        new AgentMessageWebhookRoutes(support, in.webhooks(), in.tokenSigner()));
  }

  @Override
  public void accept(JavalinConfig config) {
    config.routes.before(RequestIds::assign);
    // refuse declared oversized bodies before authentication or parsing spend anything on them
    config.routes.before(JsonBodies::refuseDeclaredOversize);
    config.routes.after(RequestIds::forget);
    // HttpResponseException is registered on its own: Javalin keeps a default handler for it
    // otherwise
    config.routes.exception(HttpResponseException.class, (e, ctx) -> fail(ctx, translate(e)));
    config.routes.exception(Exception.class, (e, ctx) -> fail(ctx, e));
    dialects.forEach(d -> d.registerRoutes(config));
    apiDocs.register(config);
  }

  /**
   * Javalin's own refusals (unknown route, wrong method, body too large) as problems the dialects
   * know.
   */
  private static Exception translate(HttpResponseException e) {
    return switch (e.getStatus()) {
      case 404 -> new HttpProblem(HttpProblem.Kind.ROUTE_NOT_FOUND, "no such endpoint");
      case 405 ->
          new HttpProblem(
              HttpProblem.Kind.METHOD_NOT_ALLOWED, "method not allowed on this endpoint");
      case 413 ->
          new HttpProblem(
              HttpProblem.Kind.PAYLOAD_TOO_LARGE,
              "the request body is larger than " + JsonBodies.MAX_BODY_BYTES + " bytes");
      case 400 -> new HttpProblem(HttpProblem.Kind.MALFORMED_JSON, "malformed request");
      default -> e;
    };
  }

  private void fail(Context ctx, Exception failure) {
    RequestId requestId = RequestIds.of(ctx);
    if (ctx.res().isCommitted()) {
      // a streamed body is under way: an error body now would read as part of it
      LOG.error(
          "failure after the response began on {} {} (request {}); closing the connection",
          ctx.method(),
          ctx.path(),
          requestId,
          failure);
      StreamedResponses.abort(ctx, failure);
      return;
    }
    JsonResponse response;
    try {
      response =
          dialectOf(ctx.path())
              .map(d -> d.renderError(failure, requestId))
              .orElseGet(() -> outsideDialects(failure, requestId));
    } catch (RuntimeException renderingFailed) {
      LOG.error(
          "rendering an error failed on {} {} (request {})",
          ctx.method(),
          ctx.path(),
          requestId,
          renderingFailed);
      response = outsideDialects(new IllegalStateException(), requestId);
    }
    // a dialect's own refusals (VoiceOS validation) render as 4xx: only what ends as a 500 is
    // unexpected
    if (!(failure instanceof DomainException)
        && !(failure instanceof HttpProblem)
        && response.status() >= 500) {
      LOG.error(
          "unexpected failure on {} {} (request {})", ctx.method(), ctx.path(), requestId, failure);
    }
    Responses.write(ctx, response);
  }

  /**
   * The name of the dialect that owns the path (for metrics and traces), or empty for paths outside
   * every dialect.
   */
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
