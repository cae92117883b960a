package io.switchboard.domain.error;

import java.util.Map;

/** The resource exists already, or the thing asked for is held by someone else (a conflict). */
public final class AlreadyExistsException extends DomainException {
  public AlreadyExistsException(Reason reason, String message) {
    super(reason, message);
  }

  public AlreadyExistsException(Reason reason, String message, Map<String, String> metadata) {
    super(reason, message, metadata);
  }
}
