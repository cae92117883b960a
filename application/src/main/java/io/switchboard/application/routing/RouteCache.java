package io.switchboard.application.routing;

import io.switchboard.application.common.NumberViews;
import io.switchboard.application.port.ChangeFeed;
import io.switchboard.application.port.PhoneNumberRepository;
import io.switchboard.application.port.Transactions;
import io.switchboard.application.port.TrunkRepository;
import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.PhoneNumber;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Routes by E.164 number, loaded from the database on first use and evicted when the change feed reports a change of
 * that number (PostgreSQL NOTIFY wakes it; the feed's revisions make sure no change is skipped). A load that raced
 * with a change of its number is not kept, so the cache never holds a state older than the last change it applied.
 */
public final class RouteCache implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(RouteCache.class.getName());
  private static final int BATCH = 1000;
  private static final int MAX_TRACKED_INVALIDATIONS = 100_000;

  private final PhoneNumberRepository numbers;
  private final TrunkRepository trunks;
  private final ChangeFeed feed;
  private final Transactions tx;
  private final NumberViews views;
  private final Clock clock;
  private final java.util.function.Consumer<ChangeEvent> alsoOnEachChange;
  private final ConcurrentHashMap<String, RouteEntry> entries = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Long> invalidatedAt = new ConcurrentHashMap<>();
  private final AtomicLong appliedRevision = new AtomicLong();
  private final Object catchUpLock = new Object();
  private AutoCloseable subscription;

  /**
   * @param alsoOnEachChange called with every applied change after the cache has applied it (other in-process caches
   *     that follow the same feed, such as the authentication cache)
   */
  public RouteCache(PhoneNumberRepository numbers, TrunkRepository trunks, NumberViews views, ChangeFeed feed,
      Transactions tx, Clock clock, java.util.function.Consumer<ChangeEvent> alsoOnEachChange) {
    this.alsoOnEachChange = alsoOnEachChange;
    this.numbers = numbers;
    this.trunks = trunks;
    this.views = views;
    this.feed = feed;
    this.tx = tx;
    this.clock = clock;
  }

  /** Starts following the change feed from its current head. */
  public RouteCache start() {
    appliedRevision.set(tx.inTransaction(feed::latestRevision));
    subscription = feed.subscribe(hint -> catchUp());
    return this;
  }

  RouteEntry get(E164 number) {
    RouteEntry cached = entries.get(number.value());
    if (cached != null) {
      return cached;
    }
    long loadStartedAt = appliedRevision.get();
    RouteEntry loaded = tx.inTransaction(() -> load(number));
    Long invalidated = invalidatedAt.get(number.value());
    if (invalidated == null || invalidated <= loadStartedAt) {
      entries.put(number.value(), loaded);
    }
    return loaded;
  }

  private RouteEntry load(E164 number) {
    Optional<PhoneNumber> held = numbers.findHeldAnywhere(number);
    if (held.isPresent()) {
      PhoneNumber n = held.get();
      List<io.switchboard.domain.trunk.Trunk> numberTrunks = trunks.findByNumber(n.organizationId(), n.id());
      return new RouteEntry(Optional.of(views.view(n)), false, numberTrunks);
    }
    boolean quarantined = numbers.findLatestReleased(number).map(r -> r.isQuarantined(clock.instant())).orElse(false);
    return quarantined ? RouteEntry.RELEASED : RouteEntry.UNKNOWN;
  }

  /** Applies every committed change after the last applied revision. Safe to call from any thread, any time. */
  public void catchUp() {
    synchronized (catchUpLock) {
      try {
        while (true) {
          long from = appliedRevision.get();
          List<ChangeEvent> batch = tx.inTransaction(() -> feed.after(from, BATCH));
          for (ChangeEvent event : batch) {
            apply(event);
            appliedRevision.set(event.revision());
            alsoOnEachChange.accept(event);
          }
          if (batch.size() < BATCH) {
            return;
          }
        }
      } catch (RuntimeException e) {
        // The database may be restarting; the next notification or poll catches up from the same revision.
        LOG.log(Level.FINE, "route cache catch-up failed; will retry", e);
      }
    }
  }

  private void apply(ChangeEvent event) {
    if (event.resourceType() == ResourceType.AGENT) {
      // Agent names show in routes; renames are rare, so forget everything rather than index by agent.
      entries.clear();
      return;
    }
    event.number().ifPresent(n -> {
      if (invalidatedAt.size() > MAX_TRACKED_INVALIDATIONS) {
        invalidatedAt.clear();
        entries.clear();
      }
      invalidatedAt.put(n, event.revision());
      entries.remove(n);
    });
  }

  public long appliedRevision() {
    return appliedRevision.get();
  }

  public int size() {
    return entries.size();
  }

  @Override
  public void close() throws Exception {
    if (subscription != null) {
      subscription.close();
    }
  }
}
