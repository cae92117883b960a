package io.switchboard.domain.error;

import java.util.Map;

/**
 * A position the caller asked for is outside what exists now: for example a change-feed revision
 * whose events the retention purge already removed. The caller can start again from the range it is
 * told.
 */
public final class OutOfRangeException extends DomainException {
  public OutOfRangeException(Reason reason, String message, Map<String, String> metadata) {
    super(reason, message, metadata);
  }
}
