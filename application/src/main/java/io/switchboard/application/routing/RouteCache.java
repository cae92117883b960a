package io.switchboard.application.routing;

import io.switchboard.application.common.BoundAgent;
import io.switchboard.application.common.NumberViews;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.port.ChangeFeed;
import io.switchboard.application.port.PhoneNumberRepository;
import io.switchboard.application.port.Transactions;
import io.switchboard.application.port.TrunkRepository;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.channel.ChannelSettings;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.routing.HttpsUrl;
import io.switchboard.domain.routing.Label;
import io.switchboard.domain.routing.Routing;
import io.switchboard.domain.routing.WebhookEvent;
import io.switchboard.domain.trunk.Trunk;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.UnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Routes by E.164 number, loaded from the database on first use and evicted when the change feed reports a change of
 * that number (PostgreSQL NOTIFY wakes it; the feed's revisions make sure no change is skipped). A load that raced
 * with a change of its number is not kept, so the cache never holds a state older than the last change it applied.
 *
 * <p>Read-your-writes: this replica's own writes are applied on the writing thread before they are acknowledged
 * ({@link ChangeFeed#onOwnCommits}), not when their NOTIFY comes back; and a caller holding a consistency token from
 * any replica gets an answer at least that fresh ({@link #awaitApplied}).
 */
public final class RouteCache implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(RouteCache.class.getName());
  private static final int BATCH = 1000;
  private static final int MAX_TRACKED_INVALIDATIONS = 100_000;
  private static final int MAX_SHARED_VALUES = 100_000;
  /** How long a resolve without a deadline waits for a revision this replica has not applied yet. */
  static final Duration MAX_REVISION_WAIT = Duration.ofSeconds(5);
  private static final long MAX_REVISION_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final PhoneNumberRepository numbers;
  private final TrunkRepository trunks;
  private final ChangeFeed feed;
  private final Transactions tx;
  private final NumberViews views;
  private final Clock clock;
  private final java.util.function.Consumer<ChangeEvent> alsoOnEachChange;
  private final ConcurrentHashMap<String, RouteEntry> entries = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Long> invalidatedAt = new ConcurrentHashMap<>();
  /** One instance of each organization id, agent id and name, label and URL that entries repeat. */
  private final ConcurrentHashMap<Object, Object> shared = new ConcurrentHashMap<>();
  private final AtomicLong appliedRevision = new AtomicLong();
  /**
   * The revision of the last change whose invalidation was not tracked per number (the tracking was reset, or an
   * agent changed): loads that started before it are not kept. Guarded by {@link #catchUpLock}.
   */
  private long forgottenAt;
  private final Object catchUpLock = new Object();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final FeedLag lag;
  /** Open once the cache follows the feed ({@link #following()}); never closes again. */
  private final CountDownLatch following = new CountDownLatch(1);
  private AutoCloseable subscription;
  private AutoCloseable ownCommits;

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
    this.lag = new FeedLag(clock);
  }

  /**
   * Starts following the change feed from its current head. Returns before the subscription is listening: see
   * {@link #following()}.
   */
  public RouteCache start() {
    appliedRevision.set(tx.inTransaction(feed::latestRevision));
    lag.applied(appliedRevision.get());
    subscription = feed.subscribe(hint -> {
      lag.committed(hint);
      // The subscription calls only once it listens (its first call comes at once, with the feed's head), so a
      // catch-up that read the feed to its end from here leaves nothing the cache has not applied or will not hear of.
      if (catchUp()) {
        following.countDown();
      }
    });
    ownCommits = feed.onOwnCommits(this::catchUpTo);
    return this;
  }

  /** The cached entry of a canonical E.164 number, null when none is cached (nothing is loaded). */
  RouteEntry cached(String canonicalNumber) {
    RouteEntry cached = entries.get(canonicalNumber);
    if (cached != null) {
      hits.increment();
    }
    return cached;
  }

  RouteEntry get(E164 number) {
    RouteEntry cached = entries.get(number.value());
    if (cached != null) {
      hits.increment();
      return cached;
    }
    misses.increment();
    long loadStartedAt = appliedRevision.get();
    RouteEntry loaded = tx.inTransaction(() -> load(number));
    // Checked and kept under the catch-up lock: a change applied between the check and the put would otherwise evict
    // nothing and leave this (possibly older) load in the cache.
    synchronized (catchUpLock) {
      Long invalidated = invalidatedAt.get(number.value());
      if ((invalidated == null || invalidated <= loadStartedAt) && forgottenAt <= loadStartedAt) {
        entries.put(number.value(), loaded);
      }
    }
    return loaded;
  }

  private RouteEntry load(E164 number) {
    Optional<PhoneNumber> held = numbers.findHeldAnywhere(number);
    if (held.isPresent()) {
      PhoneNumber n = held.get();
      return route(number.value(), views.view(n), trunks.findByNumber(n.organizationId(), n.id()));
    }
    boolean quarantined = numbers.findLatestReleased(number).map(r -> r.isQuarantined(clock.instant())).orElse(false);
    return quarantined ? RouteEntry.Absent.RELEASED_IN_QUARANTINE : RouteEntry.Absent.UNKNOWN;
  }

  /** The compact route of a held number: what {@link RoutingService} answers from, and nothing else. */
  private RoutedNumber route(String canonicalNumber, PhoneNumberView view, List<Trunk> numberTrunks) {
    PhoneNumber n = view.number();
    ChannelSettings settings = n.channelSettings();
    Routing routing = n.routing();
    byte flags = 0;
    flags |= settings.inbound().enabled() ? RoutedNumber.INBOUND_ENABLED : 0;
    flags |= settings.voice().enabled() ? RoutedNumber.VOICE_ENABLED : 0;
    flags |= settings.sms().enabled() ? RoutedNumber.SMS_ENABLED : 0;
    flags |= routing.webhooks().stream().anyMatch(w -> w.events().contains(WebhookEvent.PHONE_CALL_CONNECTION_REQUESTED))
        ? RoutedNumber.CALL_CONNECTION_WEBHOOK : 0;
    BoundAgent[] agents = null;
    for (BindingChannel channel : BindingChannel.values()) {
      BoundAgent agent = view.bindings().get(channel); // for calls, also VoiceOS's inbound agent (one fact)
      if (agent != null) {
        if (agents == null) {
          agents = new BoundAgent[BindingChannel.values().length];
        }
        agents[channel.ordinal()] = new BoundAgent(agent.channel(), share(agent.agentId()),
            agent.agentName().isEmpty() ? Optional.empty() : share(agent.agentName()), agent.boundAt());
      }
    }
    return new RoutedNumber(n.id(), share(n.organizationId()), canonicalNumber, n.status(), flags,
        settings.inbound().channelLimit().value(), agents,
        routing.inboundUrl().map(HttpsUrl::value).map(this::share).orElse(null),
        routing.statusUrl().map(HttpsUrl::value).map(this::share).orElse(null),
        routing.label().map(Label::value).map(this::share).orElse(null),
        routing.webhooks(), numberTrunks);
  }

  /** The one instance of an equal value that entries share (values repeat across the numbers of an organization). */
  @SuppressWarnings("unchecked")
  private <T> T share(T value) {
    if (shared.size() > MAX_SHARED_VALUES) {
      shared.clear(); // only sharing is lost: entries keep the instances they hold
    }
    Object previous = shared.putIfAbsent(value, value);
    return previous == null ? value : (T) previous;
  }

  /**
   * Applies every committed change up to {@code revision} at least, on the calling thread: a writer's own change is
   * in the cache before the writer answers. A failed catch-up (the database just went away) is retried briefly; the
   * next notification or poll applies it otherwise.
   */
  public void catchUpTo(long revision) {
    for (int attempt = 0; attempt < 3 && appliedRevision.get() < revision; attempt++) {
      synchronized (catchUpLock) {
        if (appliedRevision.get() >= revision) {
          return; // concurrent writers: the one that held the lock applied this one's change too
        }
        catchUp();
      }
    }
  }

  /**
   * Returns once this cache has applied {@code revision}, reading the feed itself rather than waiting for the next
   * notification. Gives up at the deadline (without one, after {@link #MAX_REVISION_WAIT}) with UNAVAILABLE, so the
   * caller can ask another replica; a revision the feed has not reached is refused as invalid.
   */
  public void awaitApplied(long revision, Optional<Instant> deadline) {
    Instant now = clock.instant();
    Instant ownLimit = now.plus(MAX_REVISION_WAIT);
    boolean deadlineBound = deadline.isPresent() && deadline.get().isBefore(ownLimit);
    Instant until = deadlineBound ? deadline.get() : ownLimit;
    long pauseNanos = TimeUnit.MILLISECONDS.toNanos(1);
    while (appliedRevision.get() < revision) {
      if (catchUp() && appliedRevision.get() < revision) {
        throw InvalidArgumentException.of("min_revision",
            "is newer than the latest revision of the change feed (" + appliedRevision.get() + ")");
      }
      if (appliedRevision.get() >= revision) {
        return;
      }
      long left = Duration.between(clock.instant(), until).toNanos();
      if (left <= 0) {
        throw deadlineBound
            ? new UnavailableException(Reason.DEADLINE_EXCEEDED,
                "the deadline passed before this replica caught up to revision " + revision)
            : new UnavailableException(Reason.REVISION_NOT_APPLIED,
                "this replica could not catch up to revision " + revision + "; retry, possibly on another replica");
      }
      LockSupport.parkNanos(Math.min(left, pauseNanos));
      pauseNanos = Math.min(MAX_REVISION_PAUSE_NANOS, pauseNanos * 2);
    }
  }

  /**
   * Applies every committed change after the last applied revision. Safe to call from any thread, any time. Returns
   * whether it read the feed to its end (false when the database failed).
   */
  public boolean catchUp() {
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
          lag.applied(appliedRevision.get());
          if (batch.size() < BATCH) {
            return true;
          }
        }
      } catch (RuntimeException e) {
        // The database may be restarting; the next notification or poll catches up from the same revision.
        LOG.log(Level.FINE, "route cache catch-up failed; will retry", e);
        return false;
      }
    }
  }

  private void apply(ChangeEvent event) {
    if (event.resourceType() == ResourceType.AGENT) {
      // Agent names show in routes; renames are rare, so forget everything rather than index by agent.
      evictions.add(entries.size());
      entries.clear();
      shared.clear();
      forgottenAt = event.revision();
      return;
    }
    event.number().ifPresent(n -> {
      if (invalidatedAt.size() > MAX_TRACKED_INVALIDATIONS) {
        invalidatedAt.clear();
        evictions.add(entries.size());
        entries.clear();
        forgottenAt = event.revision();
      }
      invalidatedAt.put(n, event.revision());
      if (entries.remove(n) != null) {
        evictions.increment();
      }
    });
  }

  public long appliedRevision() {
    return appliedRevision.get();
  }

  /**
   * Whether the cache follows the change feed: since {@link #start()}, the feed's subscription has called it (so it
   * listens for changes) and a catch-up from that call read the feed to its end. This is routing's readiness.
   *
   * <p>Once true it stays true, also while catch-ups fail because the database is away: the cache then keeps answering
   * with what it holds (possibly missing changes committed meanwhile, which the first catch-up after the database's
   * return applies), and the database is shared, so a readiness that turned false with it would take every replica
   * out of every load balancer at once. {@code switchboard_change_feed_lag_seconds} shows how far behind it is.
   */
  public boolean following() {
    return following.getCount() == 0;
  }

  /** Waits until {@link #following()} (normally milliseconds after {@link #start()}); returns whether it is. */
  public boolean awaitFollowing(Duration timeout) {
    try {
      return following.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return following();
    }
  }

  public int size() {
    return entries.size();
  }

  /** What the cache has done so far, for metrics: read on each scrape, counted without locks on the hot path. */
  public Stats stats() {
    return new Stats(entries.size(), hits.sum(), misses.sum(), evictions.sum(), lag.seconds());
  }

  /**
   * @param lagSeconds how long the oldest change committed (as far as this replica has heard) but not yet applied here
   *     has been waiting; 0 when the cache has applied everything it knows of
   */
  public record Stats(int size, long hits, long misses, long evictions, double lagSeconds) {}

  @Override
  public void close() throws Exception {
    if (ownCommits != null) {
      ownCommits.close();
    }
    if (subscription != null) {
      subscription.close();
    }
  }
}
