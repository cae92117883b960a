package io.switchboard.rest.voiceos;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.domain.error.AlreadyExistsException;
import io.switchboard.domain.error.ConcurrencyConflictException;
import io.switchboard.domain.error.DomainException;
import io.switchboard.domain.error.FailedPreconditionException;
import io.switchboard.domain.error.FieldViolation;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.OutOfRangeException;
import io.switchboard.domain.error.PermissionDeniedException;
import io.switchboard.domain.error.ResourceExhaustedException;
import io.switchboard.domain.error.UnauthenticatedException;
import io.switchboard.domain.error.UnavailableException;
import io.switchboard.rest.HttpProblem;
import io.switchboard.rest.JsonBodies;
import io.switchboard.rest.JsonResponse;
import io.switchboard.rest.voiceos.VoiceOsValidationException.Problem;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The one place where the VoiceOS dialect turns failures into FastAPI-style answers: 422 {@code
 * {"detail": [{"loc", "msg", "type"}]}} for validation, {@code {"detail": "..."}} for everything
 * else (401, 403, 404, 409, 412, 429 with Retry-After, 503, and a generic 500 for anything
 * unexpected, which the caller logs with the request id).
 */
final class VoiceOsErrors {
  static final Duration UNAVAILABLE_RETRY_AFTER = Duration.ofSeconds(1);

  private VoiceOsErrors() {}

  static JsonResponse toResponse(Throwable failure) {
    return switch (failure) {
      case VoiceOsValidationException v -> validation(v.problems());
      case DomainException d -> domain(d);
      case HttpProblem p -> http(p);
      default -> detail(500, "Internal Server Error", Optional.empty());
    };
  }

  private static JsonResponse domain(DomainException failure) {
    return switch (failure) {
      case InvalidArgumentException e -> validation(problemsOf(e));
      case NotFoundException e -> detail(404, notFoundMessage(e), Optional.empty());
      case UnauthenticatedException e ->
          detail(
                  401,
                  switch (e.reason()) {
                    case MISSING_CREDENTIALS -> "Not authenticated";
                    default -> "Invalid authentication credentials";
                  },
                  Optional.empty())
              .withHeader("WWW-Authenticate", "Bearer");
      case PermissionDeniedException e -> detail(403, e.getMessage(), Optional.empty());
      case AlreadyExistsException e -> detail(409, e.getMessage(), Optional.empty());
      case FailedPreconditionException e -> detail(409, e.getMessage(), Optional.empty());
      case ConcurrencyConflictException e ->
          detail(
              switch (e.reason()) {
                case ETAG_MISMATCH -> 412;
                default -> 409;
              },
              e.getMessage(),
              Optional.empty());
      case ResourceExhaustedException e ->
          switch (e.reason()) {
            case RATE_LIMITED -> detail(429, "Too many requests", e.retryAfter());
            default -> detail(403, e.getMessage(), Optional.empty());
          };
      case OutOfRangeException e -> detail(400, e.getMessage(), Optional.empty());
      case UnavailableException e ->
          detail(503, "Service temporarily unavailable", Optional.of(UNAVAILABLE_RETRY_AFTER));
    };
  }

  private static JsonResponse http(HttpProblem p) {
    return switch (p.kind()) {
      case MALFORMED_JSON ->
          validation(
              List.of(
                  new Problem(
                      List.of("body"),
                      "JSON decode error: " + p.getMessage(),
                      Problem.JSON_INVALID)));
      case PAYLOAD_TOO_LARGE -> detail(413, p.getMessage(), Optional.empty());
      case ROUTE_NOT_FOUND -> detail(404, "Not Found", Optional.empty());
      case METHOD_NOT_ALLOWED -> detail(405, "Method Not Allowed", Optional.empty());
    };
  }

  private static String notFoundMessage(NotFoundException e) {
    return switch (e.reason()) {
      case PHONE_NUMBER_NOT_FOUND -> "Phone number not found";
      case AGENT_NOT_FOUND -> "Agent not found";
      default -> e.getMessage();
    };
  }

  private static List<Problem> problemsOf(InvalidArgumentException e) {
    return switch (e.reason()) {
      case IDEMPOTENCY_KEY_REUSED ->
          List.of(
              new Problem(
                  List.of("header", "idempotency-key"),
                  "Value error, the key was already used with a different request",
                  Problem.VALUE_ERROR));
      case UNKNOWN_FIELD -> bodyProblems(e, Problem.EXTRA_FORBIDDEN);
      default -> bodyProblems(e, Problem.VALUE_ERROR);
    };
  }

  private static List<Problem> bodyProblems(InvalidArgumentException e, String type) {
    if (e.violations().isEmpty()) {
      return List.of(
          new Problem(List.of("body"), "Value error, " + e.getMessage(), Problem.VALUE_ERROR));
    }
    return e.violations().stream().map(v -> bodyProblem(v, type)).toList();
  }

  private static Problem bodyProblem(FieldViolation v, String type) {
    List<Object> loc =
        v.field().equals("idempotency_key")
            ? List.of("header", "idempotency-key")
            : VoiceOsRequests.locate(List.of("body"), v.field());
    return new Problem(loc, "Value error, " + v.description(), type);
  }

  private static JsonResponse validation(List<Problem> problems) {
    ObjectNode body = JsonBodies.object();
    ArrayNode detail = body.putArray("detail");
    for (Problem p : problems) {
      ObjectNode entry = detail.addObject();
      ArrayNode loc = entry.putArray("loc");
      p.loc()
          .forEach(segment -> {
            if (segment instanceof Integer i) {
              loc.add(i);
            } else {
              loc.add(String.valueOf(segment));
            }
          });
      entry.put("msg", p.msg());
      entry.put("type", p.type());
    }
    return JsonResponse.of(422, body);
  }

  static JsonResponse detail(int status, String message, Optional<Duration> retryAfter) {
    ObjectNode body = JsonBodies.object();
    body.put("detail", message);
    JsonResponse response = JsonResponse.of(status, body);
    return retryAfter
        .map(d ->
            response.withHeader(
                "Retry-After", Long.toString(Math.max(1, (d.toMillis() + 999) / 1000))))
        .orElse(response);
  }
}
