package io.switchboard.application.routing;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.port.ChangeFeed;
import io.switchboard.application.port.Transactions;
import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.OutOfRangeException;
import io.switchboard.domain.org.Scope;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serves watchers from the change feed. Watchers with the internal routing scope see every organization's changes
 * (call routers keep platform-wide caches); others see their own organization's only.
 */
public final class ChangeWatchService implements WatchChangesUseCase, AutoCloseable {
  public static final int MAX_BATCH = 1000;
  public static final String REVISION_PURGED = "REVISION_PURGED";

  private final ChangeFeed feed;
  private final Transactions tx;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private long generation;
  private AutoCloseable subscription;

  public ChangeWatchService(ChangeFeed feed, Transactions tx) {
    this.feed = feed;
    this.tx = tx;
  }

  public ChangeWatchService start() {
    subscription = feed.subscribe(hint -> {
      lock.lock();
      try {
        generation++;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    });
    return this;
  }

  @Override
  public List<ChangeEvent> next(RequestContext ctx, long afterRevision, int maxEvents, Duration maxWait)
      throws InterruptedException {
    if (!ctx.principal().has(Scope.ROUTING)) {
      ctx.require(Scope.NUMBERS_READ);
    }
    if (afterRevision < 0) {
      throw InvalidArgumentException.of("since_revision", "must not be negative");
    }
    int limit = Math.max(1, Math.min(maxEvents, MAX_BATCH));
    long deadline = System.nanoTime() + maxWait.toNanos();
    while (true) {
      long seenGeneration;
      lock.lock();
      try {
        seenGeneration = generation;
      } finally {
        lock.unlock();
      }
      List<ChangeEvent> events = read(ctx, afterRevision, limit);
      if (!events.isEmpty()) {
        return events;
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return List.of();
      }
      lock.lock();
      try {
        if (generation == seenGeneration) {
          changed.awaitNanos(remaining);
        }
      } finally {
        lock.unlock();
      }
    }
  }

  private List<ChangeEvent> read(RequestContext ctx, long afterRevision, int limit) {
    return tx.inTransaction(ctx.deadline(), () -> {
      List<ChangeEvent> events = ctx.principal().has(Scope.ROUTING)
          ? feed.after(afterRevision, limit)
          : feed.after(ctx.organizationId(), afterRevision, limit);
      // Events after afterRevision may have been purged (retention) only when the read does not start right after it;
      // then a watcher resuming there would silently miss them, so it is told to resync instead.
      if (events.isEmpty() || events.get(0).revision() != afterRevision + 1) {
        long oldest = feed.oldestRevision();
        if (afterRevision < oldest - 1) {
          throw new OutOfRangeException(REVISION_PURGED, "the events after revision " + afterRevision
              + " are past their retention and were removed; the oldest available revision is " + oldest
              + ": load the current state and watch from since_revision " + (oldest - 1),
              Map.of("oldest_revision", Long.toString(oldest), "since_revision", Long.toString(afterRevision)));
        }
      }
      return events;
    });
  }

  @Override
  public void close() throws Exception {
    if (subscription != null) {
      subscription.close();
    }
  }
}
