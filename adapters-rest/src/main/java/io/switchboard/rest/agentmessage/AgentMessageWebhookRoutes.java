package io.switchboard.rest.agentmessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.switchboard.application.UseCaseServices;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.port.TokenSigner;
import io.switchboard.application.webhook.CreateWebhookEndpointUseCase;
import io.switchboard.application.webhook.WebhookEndpointView;
import io.switchboard.domain.change.SourceApi;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.error.FieldViolation;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.routing.HttpsUrl;
import io.switchboard.domain.webhook.WebhookDelivery;
import io.switchboard.domain.webhook.WebhookDescription;
import io.switchboard.domain.webhook.WebhookEndpointId;
import io.switchboard.domain.webhook.WebhookEndpointPatch;
import io.switchboard.domain.webhook.WebhookEventType;
import io.switchboard.rest.Dialect;
import io.switchboard.rest.JsonBodies;
import io.switchboard.rest.JsonField;
import io.switchboard.rest.JsonReader;
import io.switchboard.rest.JsonResponse;
import io.switchboard.rest.RestSupport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Lifecycle webhooks in the AgentMessage dialect, a documented Switchboard extension under {@code
 * /v1/webhook-endpoints} (same envelope, errors and keys as {@code /v1/phone-numbers}):
 *
 * <ul>
 *   <li>{@code POST /v1/webhook-endpoints}: register ({@code url}, {@code event_types}, {@code
 *       description}, {@code enabled}); 201 with the signing {@code secret}, shown this once.
 *   <li>{@code GET /v1/webhook-endpoints}: oldest first, {@code cursor}, {@code limit} 1..100 (20).
 *   <li>{@code GET|PATCH|DELETE /v1/webhook-endpoints/{id}}.
 *   <li>{@code POST /v1/webhook-endpoints/{id}/roll-secret}: a new secret, shown once.
 *   <li>{@code GET /v1/webhook-endpoints/{id}/deliveries}: the delivery log, newest first.
 *   <li>{@code POST /v1/webhook-endpoints/{id}/deliveries/{delivery_id}/replay}.
 * </ul>
 *
 * Reads need {@code numbers:read}, changes {@code numbers:write}. Every change honours {@code
 * Idempotency-Key}. The secret of create and roll-secret is in the first answer only: the stored
 * answer a retry replays leaves it out, so no secret rests among the stored responses.
 */
public final class AgentMessageWebhookRoutes implements Dialect {
  static final String PREFIX = "/v1/webhook-endpoints";
  private static final String ONE = PREFIX + "/{id}";
  private static final String ROLL = ONE + "/roll-secret";
  private static final String DELIVERIES = ONE + "/deliveries";
  private static final String REPLAY = DELIVERIES + "/{delivery_id}/replay";

  private final RestSupport support;
  private final UseCaseServices.Webhooks webhooks;
  private final TokenSigner tokenSigner;

  public AgentMessageWebhookRoutes(
      RestSupport support, UseCaseServices.Webhooks webhooks, TokenSigner tokenSigner) {
    this.support = support;
    this.webhooks = webhooks;
    this.tokenSigner = tokenSigner;
  }

  @Override
  public String pathPrefix() {
    return PREFIX;
  }

  @Override
  public String name() {
    return "agentmessage";
  }

  @Override
  public void registerRoutes(JavalinConfig config) {
    config.routes.post(PREFIX, this::create);
    config.routes.get(PREFIX, this::list);
    config.routes.get(ONE, this::get);
    config.routes.patch(ONE, this::update);
    config.routes.delete(ONE, this::delete);
    config.routes.post(ROLL, this::roll);
    config.routes.get(DELIVERIES, this::deliveries);
    config.routes.post(REPLAY, this::replay);
  }

  @Override
  public JsonResponse renderError(Throwable failure, RequestId requestId) {
    return AgentMessageErrors.render(failure, requestId);
  }

  private RequestContext caller(Context http) {
    return support.authenticate(http, SourceApi.REST_AGENTMESSAGE);
  }

  private void create(Context http) {
    RequestContext ctx = caller(http);
    ctx.require(Scope.NUMBERS_WRITE);
    ObjectNode body = support.readObject(http);
    JsonReader reader =
        JsonReader.of(body).allowOnly("url", "event_types", "description", "enabled");
    HttpsUrl url = reader.string("url").map(HttpsUrl::new).required();
    var more = new ArrayList<FieldViolation>();
    Set<WebhookEventType> types = eventTypes(reader.stringArray("event_types").required(), more);
    WebhookDescription description =
        reader
            .string("description")
            .map(WebhookDescription::new)
            .optional()
            .orElse(WebhookDescription.NONE);
    boolean enabled = reader.bool("enabled").optional().orElse(true);
    AgentMessageRequests.finishWith(reader, more);
    var command = new CreateWebhookEndpointUseCase.Command(url, types, description, enabled);
    writeShowingSecretOnce(
        http,
        ctx,
        "POST " + PREFIX,
        body,
        201,
        () -> {
          var created = webhooks.create().create(ctx, command);
          return new WithSecret(created.endpoint(), created.secret());
        });
  }

  /** An endpoint and the secret a change just made for it. */
  private record WithSecret(WebhookEndpointView endpoint, String secret) {}

  /**
   * Runs a change that makes a secret, honouring {@code Idempotency-Key}: the answer stored for a
   * retry leaves the secret out, and only the call that made it sees it.
   */
  private void writeShowingSecretOnce(
      Context http,
      RequestContext ctx,
      String operation,
      JsonNode body,
      int status,
      Supplier<WithSecret> change) {
    var secret = new AtomicReference<String>();
    var made = new AtomicReference<JsonResponse>();
    JsonResponse answer =
        support.idempotent(
            http,
            ctx,
            RestSupport.NUMBERS_WRITE,
            operation,
            body,
            () -> {
              WithSecret result = change.get();
              secret.set(result.secret());
              made.set(
                  JsonResponse.of(status, AgentMessageJson.success(endpoint(result.endpoint()))));
              return made.get();
            });
    // A retry's change may run and roll back before the stored answer replays it: the secret is
    // shown only when the answer is the one this call's own committed change made.
    if (answer == made.get() && secret.get() != null) {
      ObjectNode shown = answer.body().deepCopy();
      ((ObjectNode) shown.get("data")).put("secret", secret.get());
      answer = new JsonResponse(answer.status(), shown, answer.headers());
    }
    support.write(http, answer);
  }

  private void list(Context http) {
    RequestContext ctx = caller(http);
    int limit = limit(http.queryParam("limit"));
    Optional<WebhookEndpointId> after =
        cursor(http.queryParam("cursor")).map(WebhookEndpointId::parse);
    var page = webhooks.list().list(ctx, limit, after);
    support.write(
        http,
        JsonResponse.of(
            200,
            AgentMessageJson.list(
                page.items().stream().map(AgentMessageWebhookRoutes::endpoint).toList(),
                limit,
                page.next().map(id -> encodeCursor(id.toString())),
                Optional.empty())));
  }

  private void get(Context http) {
    RequestContext ctx = caller(http);
    support.write(
        http,
        JsonResponse.of(
            200, AgentMessageJson.success(endpoint(webhooks.get().get(ctx, pathId(http))))));
  }

  private void update(Context http) {
    RequestContext ctx = caller(http);
    ctx.require(Scope.NUMBERS_WRITE);
    WebhookEndpointId id = pathId(http);
    ObjectNode body = support.readObject(http);
    JsonReader reader =
        JsonReader.of(body).allowOnly("url", "event_types", "description", "enabled");
    Patch<HttpsUrl> url = reader.string("url").rejectNull().map(HttpsUrl::new).toPatch();
    JsonField<List<String>> typesField = reader.stringArray("event_types").rejectNull();
    var more = new ArrayList<FieldViolation>();
    Set<WebhookEventType> parsedTypes = eventTypes(typesField.optional().orElse(null), more);
    Patch<Set<WebhookEventType>> types = Patch.setIfPresent(parsedTypes);
    Patch<WebhookDescription> description =
        reader.string("description").toPatch(String::isEmpty, WebhookDescription::new);
    Patch<Boolean> enabled = reader.bool("enabled").rejectNull().toPatch();
    AgentMessageRequests.finishWith(reader, more);
    var patch = new WebhookEndpointPatch(url, types, description, enabled);
    support.write(
        http,
        support.idempotent(
            http,
            ctx,
            RestSupport.NUMBERS_WRITE,
            "PATCH " + ONE,
            body,
            () ->
                JsonResponse.of(
                    200,
                    AgentMessageJson.success(endpoint(webhooks.update().update(ctx, id, patch))))));
  }

  private void delete(Context http) {
    RequestContext ctx = caller(http);
    ctx.require(Scope.NUMBERS_WRITE);
    WebhookEndpointId id = pathId(http);
    support.write(
        http,
        support.idempotent(
            http,
            ctx,
            RestSupport.NUMBERS_WRITE,
            "DELETE " + ONE,
            null,
            () -> {
              webhooks.delete().delete(ctx, id);
              ObjectNode data = JsonBodies.object();
              data.put("id", id.toString());
              data.put("deleted", true);
              return JsonResponse.of(200, AgentMessageJson.success(data));
            }));
  }

  private void roll(Context http) {
    RequestContext ctx = caller(http);
    ctx.require(Scope.NUMBERS_WRITE);
    WebhookEndpointId id = pathId(http);
    writeShowingSecretOnce(
        http,
        ctx,
        "POST " + ROLL,
        null,
        200,
        () -> {
          var rolled = webhooks.rollSecret().roll(ctx, id);
          return new WithSecret(rolled.endpoint(), rolled.secret());
        });
  }

  private void deliveries(Context http) {
    RequestContext ctx = caller(http);
    WebhookEndpointId id = pathId(http);
    int limit = limit(http.queryParam("limit"));
    Optional<Long> before = cursor(http.queryParam("cursor")).map(Long::parseLong);
    var page = webhooks.listDeliveries().list(ctx, id, limit, before);
    support.write(
        http,
        JsonResponse.of(
            200,
            AgentMessageJson.list(
                page.items().stream().map(AgentMessageWebhookRoutes::delivery).toList(),
                limit,
                page.next().map(revision -> encodeCursor(revision.toString())),
                Optional.empty())));
  }

  private void replay(Context http) {
    RequestContext ctx = caller(http);
    ctx.require(Scope.NUMBERS_WRITE);
    WebhookEndpointId id = pathId(http);
    String deliveryId = http.pathParam("delivery_id");
    if (deliveryId.length() > 64) {
      throw InvalidArgumentException.of("delivery_id", "is not a delivery id");
    }
    support.write(
        http,
        support.idempotent(
            http,
            ctx,
            RestSupport.NUMBERS_WRITE,
            "POST " + REPLAY,
            null,
            () ->
                JsonResponse.of(
                    200,
                    AgentMessageJson.success(
                        delivery(webhooks.replayDelivery().replay(ctx, id, deliveryId))))));
  }

  private static WebhookEndpointId pathId(Context http) {
    try {
      return WebhookEndpointId.parse(http.pathParam("id"));
    } catch (InvalidArgumentException e) {
      throw e.under("id");
    }
  }

  /** The event types, or null (their problems added to {@code violations}) when absent or bad. */
  private static Set<WebhookEventType> eventTypes(
      List<String> names, List<FieldViolation> violations) {
    if (names == null) {
      return null;
    }
    if (names.isEmpty()) {
      violations.add(new FieldViolation("event_types", "must name at least one event type"));
      return null;
    }
    var types = new LinkedHashSet<WebhookEventType>();
    int before = violations.size();
    for (int i = 0; i < names.size(); i++) {
      try {
        types.add(WebhookEventType.parse(names.get(i)));
      } catch (InvalidArgumentException e) {
        String path = "event_types[" + i + "]";
        e.violations().forEach(v -> violations.add(v.under(path)));
      }
    }
    return violations.size() > before ? null : types;
  }

  private static int limit(String raw) {
    if (raw == null || raw.isBlank()) {
      return AgentMessageRequests.DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(raw.strip());
      if (limit >= 1 && limit <= AgentMessageRequests.MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw InvalidArgumentException.of(
        "limit", "must be a whole number from 1 to " + AgentMessageRequests.MAX_LIMIT);
  }

  private String encodeCursor(String position) {
    return tokenSigner.sign(position.getBytes(StandardCharsets.UTF_8));
  }

  private Optional<String> cursor(String raw) {
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(
        tokenSigner
            .verify(raw.strip())
            .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
            .orElseThrow(() ->
                InvalidArgumentException.withReason(
                    Reason.INVALID_PAGE_TOKEN, "cursor", "is not a cursor this list issued")));
  }

  static ObjectNode endpoint(WebhookEndpointView v) {
    ObjectNode out = JsonBodies.object();
    out.put("id", v.id().toString());
    out.put("url", v.url().value());
    ArrayNode types = out.putArray("event_types");
    v.eventTypes().forEach(t -> types.add(t.wireName()));
    out.put("description", v.description().value());
    out.put("enabled", v.enabled());
    out.put("status", v.status().name().toLowerCase(java.util.Locale.ROOT));
    out.put(
        "previous_secret_expires_at",
        v.previousSecretUntil().map(AgentMessageJson::timestamp).orElse(null));
    out.put("created_at", AgentMessageJson.timestamp(v.createdAt()));
    out.put("updated_at", AgentMessageJson.timestamp(v.updatedAt()));
    return out;
  }

  static ObjectNode delivery(WebhookDelivery d) {
    ObjectNode out = JsonBodies.object();
    out.put("id", d.id());
    out.put("endpoint_id", d.endpointId().toString());
    out.put("revision", d.revision());
    out.put("event_type", d.eventType().wireName());
    out.put("resource", d.resourceKey());
    out.put("status", d.status().name().toLowerCase(java.util.Locale.ROOT));
    out.put("attempts", d.attempts());
    out.put("next_attempt_at", d.nextAttemptAt().map(AgentMessageJson::timestamp).orElse(null));
    if (d.lastStatusCode().isPresent()) {
      out.put("last_status_code", d.lastStatusCode().get());
    } else {
      out.putNull("last_status_code");
    }
    if (d.lastLatency().isPresent()) {
      out.put("last_latency_ms", d.lastLatency().get().toMillis());
    } else {
      out.putNull("last_latency_ms");
    }
    out.put("last_error", d.lastError().orElse(null));
    out.put("last_attempt_at", d.lastAttemptAt().map(AgentMessageJson::timestamp).orElse(null));
    out.put("created_at", AgentMessageJson.timestamp(d.createdAt()));
    return out;
  }
}
