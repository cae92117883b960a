package io.switchboard.domain.error;

import java.util.Map;

/** A valid credential that lacks the scope the operation needs. */
public final class PermissionDeniedException extends DomainException {
  public static final String MISSING_SCOPE = "MISSING_SCOPE";

  public PermissionDeniedException(String reason, String message, Map<String, String> metadata) {
    super(reason, message, metadata);
  }

  public static PermissionDeniedException missingScope(String scope) {
    return new PermissionDeniedException(MISSING_SCOPE, "missing required scope", Map.of("required_scope", scope));
  }
}
