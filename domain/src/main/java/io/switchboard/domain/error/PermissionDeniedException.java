package io.switchboard.domain.error;

import io.switchboard.domain.error.ErrorDetail.RequiredScope;

/** A valid credential that lacks the scope the operation needs. */
public final class PermissionDeniedException extends DomainException {
  private PermissionDeniedException(Reason reason, String message, ErrorDetail detail) {
    super(reason, message, detail);
  }

  public static PermissionDeniedException missingScope(String scope) {
    return new PermissionDeniedException(
        Reason.MISSING_SCOPE, "missing required scope", new RequiredScope(scope));
  }
}
