package io.switchboard.rest.agentmessage;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.error.AlreadyExistsException;
import io.switchboard.domain.error.ConcurrencyConflictException;
import io.switchboard.domain.error.DomainException;
import io.switchboard.domain.error.ErrorDetail.InsufficientInventory;
import io.switchboard.domain.error.ErrorDetail.RequiredScope;
import io.switchboard.domain.error.FailedPreconditionException;
import io.switchboard.domain.error.FieldViolation;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.OutOfRangeException;
import io.switchboard.domain.error.PermissionDeniedException;
import io.switchboard.domain.error.ResourceExhaustedException;
import io.switchboard.domain.error.UnauthenticatedException;
import io.switchboard.domain.error.UnavailableException;
import io.switchboard.domain.org.Scope;
import io.switchboard.rest.HttpProblem;
import io.switchboard.rest.JsonResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one place where the AgentMessage dialect turns failures into its error envelope {@code
 * {success: false, error: {code, message, request_id, details?}}}. The codes are the documented
 * ones (400 {@code INVALID_INPUT} for unsupported fields, 422 {@code VALIDATION_FAILED} with a
 * per-field {@code details} map, 401 {@code UNAUTHORIZED}, 403 {@code FORBIDDEN}, 404 {@code
 * NOT_FOUND}, 409 {@code INSUFFICIENT_INVENTORY}, 429 {@code RATE_LIMITED} with Retry-After); other
 * conflicts carry the domain's stable reason as their code, and anything unexpected is a 500 {@code
 * INTERNAL} with a generic message.
 */
final class AgentMessageErrors {
  static final Duration UNAVAILABLE_RETRY_AFTER = Duration.ofSeconds(1);

  private AgentMessageErrors() {}

  static JsonResponse render(Throwable failure, RequestId requestId) {
    String id = requestId.value();
    return switch (failure) {
      case DomainException d -> domain(d, id);
      case HttpProblem p ->
          switch (p.kind()) {
            case MALFORMED_JSON -> error(400, "INVALID_INPUT", p.getMessage(), id, Map.of());
            case PAYLOAD_TOO_LARGE -> error(413, "PAYLOAD_TOO_LARGE", p.getMessage(), id, Map.of());
            case ROUTE_NOT_FOUND -> error(404, "NOT_FOUND", "not found", id, Map.of());
            case METHOD_NOT_ALLOWED ->
                error(405, "METHOD_NOT_ALLOWED", "method not allowed", id, Map.of());
          };
      default -> error(500, "INTERNAL", "internal error", id, Map.of());
    };
  }

  private static JsonResponse domain(DomainException failure, String id) {
    return switch (failure) {
      case InvalidArgumentException e -> invalid(e, id);
      case NotFoundException e -> error(404, "NOT_FOUND", "not found", id, Map.of());
      case UnauthenticatedException e ->
          error(401, "UNAUTHORIZED", "authentication failed", id, Map.of());
      case PermissionDeniedException e ->
          error(403, "FORBIDDEN", forbiddenMessage(e), id, Map.of());
      case AlreadyExistsException e -> error(409, e.reason().wire(), e.getMessage(), id, Map.of());
      case FailedPreconditionException e ->
          e.detail(InsufficientInventory.class)
              .map(shortage -> insufficientInventory(e, shortage, id))
              .orElseGet(() -> error(409, e.reason().wire(), e.getMessage(), id, e.metadata()));
      case ConcurrencyConflictException e ->
          switch (e.reason()) {
            case ETAG_MISMATCH -> error(412, "PRECONDITION_FAILED", e.getMessage(), id, Map.of());
            default -> error(409, e.reason().wire(), e.getMessage(), id, Map.of());
          };
      case ResourceExhaustedException e ->
          switch (e.reason()) {
            case RATE_LIMITED ->
                withRetryAfter(
                    error(429, "RATE_LIMITED", "rate limit exceeded", id, Map.of()),
                    e.retryAfter().orElse(Duration.ofSeconds(1)));
            default -> error(403, e.reason().wire(), e.getMessage(), id, e.metadata());
          };
      case OutOfRangeException e -> error(400, e.reason().wire(), e.getMessage(), id, e.metadata());
      case UnavailableException e ->
          withRetryAfter(
              error(503, "SERVICE_UNAVAILABLE", "service temporarily unavailable", id, Map.of()),
              UNAVAILABLE_RETRY_AFTER);
    };
  }

  private static JsonResponse invalid(InvalidArgumentException e, String id) {
    return switch (e.reason()) {
      case UNKNOWN_FIELD -> error(400, "INVALID_INPUT", "invalid input", id, details(e));
      case IDEMPOTENCY_KEY_REUSED ->
          error(
              422,
              e.reason().wire(),
              "the Idempotency-Key was already used with a different request",
              id,
              Map.of());
      default -> error(422, "VALIDATION_FAILED", "validation failed", id, details(e));
    };
  }

  private static String forbiddenMessage(PermissionDeniedException e) {
    return e.detail(RequiredScope.class)
            .filter(r -> r.scope().equals(Scope.INVENTORY_WRITE.wireName()))
            .isPresent()
        ? "return_to_carrier is admin-only: forbidden"
        : "missing required scope";
  }

  /**
   * The documented typed payload: how many of the requested numbers were available, and which were
   * not.
   */
  private static JsonResponse insufficientInventory(
      FailedPreconditionException e, InsufficientInventory shortage, String id) {
    var details = new LinkedHashMap<String, String>();
    details.put("available_count", Integer.toString(shortage.availableCount()));
    details.put("unavailable_numbers", String.join(",", shortage.unavailableNumbers()));
    JsonResponse base = error(409, e.reason().wire(), e.getMessage(), id, details);
    ObjectNode body = ((ObjectNode) base.body()).deepCopy();
    ObjectNode data = body.putObject("data");
    data.put("available_count", shortage.availableCount());
    ArrayNode list = data.putArray("unavailable_numbers");
    shortage.unavailableNumbers().forEach(list::add);
    return new JsonResponse(base.status(), body, base.headers());
  }

  /** One entry per field, in a stable order; several problems of one field are joined. */
  private static Map<String, String> details(InvalidArgumentException e) {
    var details = new TreeMap<String, String>();
    for (FieldViolation v : e.violations()) {
      String field = v.field().isEmpty() ? "body" : v.field();
      details.merge(field, v.description(), (a, b) -> a + "; " + b);
    }
    if (details.isEmpty()) {
      details.put("body", e.getMessage());
    }
    return details;
  }

  private static JsonResponse error(
      int status, String code, String message, String id, Map<String, String> details) {
    return JsonResponse.of(status, AgentMessageJson.error(code, message, id, details));
  }

  private static JsonResponse withRetryAfter(JsonResponse response, Duration after) {
    return response.withHeader(
        "Retry-After", Long.toString(Math.max(1, (after.toMillis() + 999) / 1000)));
  }
}
