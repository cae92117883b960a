package io.switchboard.rest.mindhunters;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.error.AlreadyExistsException;
import io.switchboard.domain.error.ConcurrencyConflictException;
import io.switchboard.domain.error.DomainException;
import io.switchboard.domain.error.ErrorDetail.OffendingField;
import io.switchboard.domain.error.ErrorDetail.PurchaseLimit;
import io.switchboard.domain.error.ErrorDetail.RequiredScope;
import io.switchboard.domain.error.FailedPreconditionException;
import io.switchboard.domain.error.FieldViolation;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.OutOfRangeException;
import io.switchboard.domain.error.PermissionDeniedException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.error.ResourceExhaustedException;
import io.switchboard.domain.error.UnauthenticatedException;
import io.switchboard.domain.error.UnavailableException;
import io.switchboard.rest.HttpProblem;
import io.switchboard.rest.JsonBodies;
import io.switchboard.rest.JsonResponse;
import java.util.stream.Collectors;

/**
 * The one place where failures become Mindhunters errors: {@code {success:false, message,
 * error:{code, details, field}}} with the status codes its clients know (401, 400 malformed JSON,
 * 422 validation naming the field, 404, 409, 412, 403, 429, 503, generic 500). The purchase cap is
 * the documented exception: 403 with {@code data.error = purchase_limit_reached}, {@code limit} and
 * {@code current}.
 */
final class MindhuntersErrors {
  static final String VALIDATION_ERROR = "VALIDATION_ERROR";

  private MindhuntersErrors() {}

  static JsonResponse render(Throwable failure, RequestId requestId) {
    if (failure instanceof DomainException domain) {
      return domain(domain, requestId);
    }
    if (failure instanceof HttpProblem problem) {
      return switch (problem.kind()) {
        case MALFORMED_JSON ->
            error(
                400,
                "Malformed request or invalid JSON",
                "INVALID_JSON",
                problem.getMessage(),
                null);
        case PAYLOAD_TOO_LARGE ->
            error(413, "Request body too large", "PAYLOAD_TOO_LARGE", problem.getMessage(), null);
        case ROUTE_NOT_FOUND ->
            error(
                404, "Resource or endpoint doesn't exist", "NOT_FOUND", problem.getMessage(), null);
        case METHOD_NOT_ALLOWED ->
            error(405, "Method not allowed", "METHOD_NOT_ALLOWED", problem.getMessage(), null);
      };
    }
    return error(
        500,
        "Internal server error",
        "INTERNAL_ERROR",
        "An unexpected error occurred; quote request id " + requestId + " when contacting support",
        null);
  }

  private static JsonResponse domain(DomainException failure, RequestId requestId) {
    return switch (failure) {
      case UnauthenticatedException e ->
          switch (e.reason()) {
            case MISSING_CREDENTIALS ->
                error(
                    401,
                    "Authentication required",
                    "MISSING_AUTH_TOKEN",
                    "No authorization header provided",
                    null);
            default ->
                error(
                    401,
                    "Invalid authentication token",
                    "INVALID_AUTH_TOKEN",
                    "The provided token is invalid or has been revoked",
                    null);
          };
      case InvalidArgumentException e -> validation(e);
      case NotFoundException e ->
          error(404, "Resource not found", "NOT_FOUND", e.getMessage(), null);
      case AlreadyExistsException e ->
          error(409, "Conflict", e.reason().wire(), e.getMessage(), null);
      case FailedPreconditionException e ->
          error(
              409,
              "Conflict",
              e.reason().wire(),
              e.getMessage(),
              e.detail(OffendingField.class)
                  .map(f -> "channel_settings." + f.field())
                  .orElse(null));
      case ConcurrencyConflictException e ->
          switch (e.reason()) {
            case ETAG_MISMATCH ->
                error(412, "Precondition failed", "PRECONDITION_FAILED", e.getMessage(), null);
            default -> error(409, "Conflict", e.reason().wire(), e.getMessage(), null);
          };
      case PermissionDeniedException e ->
          error(
              403,
              "Insufficient permissions",
              "INSUFFICIENT_PERMISSIONS",
              "This token lacks the "
                  + e.detail(RequiredScope.class).map(RequiredScope::scope).orElse("required")
                  + " scope",
              null);
      case ResourceExhaustedException e -> exhausted(e);
      case OutOfRangeException e ->
          error(400, "Bad request", e.reason().wire(), e.getMessage(), null);
      case UnavailableException e ->
          error(
              503,
              "Service temporarily unavailable",
              "SERVICE_UNAVAILABLE",
              "Please retry with backoff",
              null);
    };
  }

  private static JsonResponse validation(InvalidArgumentException e) {
    FieldViolation first =
        e.violations().isEmpty() ? new FieldViolation("", e.getMessage()) : e.violations().get(0);
    String details =
        e.violations().isEmpty()
            ? e.getMessage()
            : e.violations().stream()
                .map(v -> v.field() + ": " + v.description())
                .collect(Collectors.joining("; "));
    String code =
        switch (e.reason()) {
          case IDEMPOTENCY_KEY_REUSED -> e.reason().wire();
          default -> VALIDATION_ERROR;
        };
    return error(
        422, "Validation failed", code, details, first.field().isEmpty() ? null : first.field());
  }

  private static JsonResponse exhausted(ResourceExhaustedException e) {
    return e.detail(PurchaseLimit.class)
        .map(MindhuntersErrors::purchaseLimit)
        .orElseGet(() -> {
          long seconds =
              e.retryAfter().map(d -> Math.max(1, (d.toMillis() + 999) / 1000)).orElse(1L);
          // a limit of things held open at once (exports) says which, a rate when to come back
          String details =
              e.reason() == Reason.TOO_MANY_STREAMS
                  ? e.getMessage()
                  : "Retry after " + seconds + " seconds";
          return error(429, "Rate limit exceeded", "RATE_LIMITED", details, null)
              .withHeader("Retry-After", Long.toString(seconds));
        });
  }

  private static JsonResponse purchaseLimit(PurchaseLimit limit) {
    ObjectNode body = JsonBodies.object();
    body.put("success", false);
    body.put("message", "Purchase limit reached");
    ObjectNode data = body.putObject("data");
    data.put("error", "purchase_limit_reached");
    data.put("limit", (long) limit.limit());
    data.put("current", limit.current());
    return JsonResponse.of(403, body);
  }

  static JsonResponse error(int status, String message, String code, String details, String field) {
    ObjectNode body = JsonBodies.object();
    body.put("success", false);
    body.put("message", message);
    ObjectNode error = body.putObject("error");
    error.put("code", code);
    error.put("details", details);
    error.put("field", field);
    return JsonResponse.of(status, body);
  }
}
