package io.switchboard.domain.error;

import java.util.Map;

/**
 * The request is well formed but the resource is not in a state that allows it (released, external,
 * incapable...).
 */
public final class FailedPreconditionException extends DomainException {
  public FailedPreconditionException(Reason reason, String message) {
    super(reason, message);
  }

  public FailedPreconditionException(Reason reason, String message, Map<String, String> metadata) {
    super(reason, message, metadata);
  }

  public FailedPreconditionException(Reason reason, String message, ErrorDetail detail) {
    super(reason, message, detail);
  }
}
