package io.switchboard.application.routing;

import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.change.ChangeEvent;
import java.time.Duration;
import java.util.List;

/**
 * Follow the change feed from any revision: each call returns the next committed events after
 * {@code afterRevision}, in order, waiting up to {@code maxWait} for some to arrive (an empty list
 * means none came). Callers resume with the revision of the last event they received, so nothing is
 * missed or repeated.
 */
public interface WatchChangesUseCase {
  /**
   * Reserves one of the caller's key's stream slots for a watch stream; close the handle when the
   * stream ends.
   *
   * @throws io.switchboard.domain.error.ResourceExhaustedException when the key already holds its
   *     limit of streams
   */
  AutoCloseable openStream(RequestContext ctx);

  List<ChangeEvent> next(RequestContext ctx, long afterRevision, int maxEvents, Duration maxWait)
      throws InterruptedException;
}
