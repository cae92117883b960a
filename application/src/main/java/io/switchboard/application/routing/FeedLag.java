package io.switchboard.application.routing;

import java.time.Clock;

/**
 * How far this replica's route cache trails the change feed, in seconds. The feed's notifications
 * say which revision has committed; the cache says which it has applied. From the moment a
 * committed revision is known and not yet applied, the lag grows with the clock; it drops to 0 once
 * the cache has applied up to the newest known revision. A replica that cannot read the feed
 * (database away) therefore shows a growing lag rather than a stale 0.
 */
final class FeedLag {
  private final Clock clock;
  private long committed;
  private long applied;

  /**
   * When the oldest known, unapplied revision was first heard of; meaningful only while {@code
   * committed > applied}.
   */
  private long behindSinceMillis;

  FeedLag(Clock clock) {
    this.clock = clock;
  }

  synchronized void committed(long revision) {
    if (revision > committed) {
      if (committed <= applied) {
        behindSinceMillis = clock.millis();
      }
      committed = revision;
    }
  }

  synchronized void applied(long revision) {
    applied = Math.max(applied, revision);
    // a partial catch-up keeps the earlier start: when the rest committed is unknown, and an alert
    // should not reset
    committed = Math.max(committed, applied);
  }

  synchronized double seconds() {
    if (committed <= applied) {
      return 0;
    }
    return Math.max(0, clock.millis() - behindSinceMillis) / 1000.0;
  }
}
