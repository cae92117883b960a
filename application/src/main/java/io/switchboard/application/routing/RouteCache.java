package io.switchboard.application.routing;

import io.switchboard.application.port.ChangeFeed;
import io.switchboard.application.port.RouteSource;
import io.switchboard.application.port.Transactions;
import io.switchboard.application.port.query.BoundAgent;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.error.UnavailableException;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.routing.WebhookEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A complete copy of every held number's route, so that routing never needs the database:
 * bulk-loaded at start in one streaming read, then kept up to date in place from the change feed
 * (PostgreSQL NOTIFY wakes it; the feed's revisions make sure no change is skipped). For each
 * change the cache reads the affected number's (or agent's numbers') current route and replaces the
 * entry; nothing is evicted to be loaded on a later call. Once loaded, a number the cache does not
 * hold is unknown: a resolve never asks the database, so it keeps answering with the last state the
 * cache applied while the database is away.
 *
 * <p>When the feed shows a gap (revisions purged before this replica applied them, or a database
 * that went back to an earlier revision) the cache reloads every route, in place, answering from
 * the entries it holds meanwhile. Rows written by raw SQL (bulk COPY loads, some tests) emit no
 * change event: their writer calls {@link #reload()}.
 *
 * <p>Read-your-writes: this replica's own writes are applied on the writing thread before they are
 * acknowledged ({@link ChangeFeed#onOwnCommits}), not when their NOTIFY comes back; and a caller
 * holding a consistency token from any replica gets an answer at least that fresh ({@link
 * #awaitApplied}).
 */
public final class RouteCache implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RouteCache.class);
  private static final int BATCH = 1000;
  private static final int MAX_SHARED_VALUES = 100_000;

  /**
   * How long a resolve without a deadline waits for a revision this replica has not applied yet.
   */
  static final Duration MAX_REVISION_WAIT = Duration.ofSeconds(5);

  private static final long MAX_REVISION_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  /** What the cache keeps per number: a held number's route, or a release still in quarantine. */
  interface Kept {
    /** The full load that wrote it, so a reload can drop what it did not see again. */
    int generation();
  }

  /** A released number: routes answer "released" until its quarantine ends, "unknown" after. */
  record Released(long quarantineEndsAtMillis, int generation) implements Kept {}

  private final RouteSource source;
  private final ChangeFeed feed;
  private final Transactions tx;
  private final Clock clock;
  private final Consumer<ChangeEvent> alsoOnEachChange;
  private final ConcurrentHashMap<String, Kept> entries = new ConcurrentHashMap<>();

  /** One instance of each organization id, agent id and name, label and URL that entries repeat. */
  private final ConcurrentHashMap<Object, Object> shared = new ConcurrentHashMap<>();

  private final AtomicLong appliedRevision = new AtomicLong();
  private final Object catchUpLock = new Object();

  /** The generation of the last full load; guarded by {@link #catchUpLock}. */
  private int generation;

  /**
   * A full load is due (a gap in the feed, or one that failed halfway); guarded by {@link
   * #catchUpLock}.
   */
  private boolean reloadDue;

  /** Whether a full load has completed: from then on, a number not held here is unknown. */
  private volatile boolean loaded;

  private volatile Duration lastLoad = Duration.ZERO;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder removals = new LongAdder();
  private final LongAdder updates = new LongAdder();
  private final FeedLag lag;

  /** Open once the cache follows the feed ({@link #following()}); never closes again. */
  private final CountDownLatch following = new CountDownLatch(1);

  private AutoCloseable subscription;
  private AutoCloseable ownCommits;

  /**
   * @param alsoOnEachChange called with every applied change after the cache has applied it (other
   *     in-process caches that follow the same feed, such as the authentication cache)
   */
  public RouteCache(
      RouteSource source,
      ChangeFeed feed,
      Transactions tx,
      Clock clock,
      Consumer<ChangeEvent> alsoOnEachChange) {
    this.source = source;
    this.feed = feed;
    this.tx = tx;
    this.clock = clock;
    this.alsoOnEachChange = alsoOnEachChange;
    this.lag = new FeedLag(clock);
  }

  /**
   * Starts following the change feed from its current head. Returns at once: the feed's first call
   * loads every route (see {@link #following()}).
   */
  public RouteCache start() {
    appliedRevision.set(tx.inTransaction(feed::latestRevision));
    lag.applied(appliedRevision.get());
    subscription =
        feed.subscribe(hint -> {
          lag.committed(hint);
          // The subscription calls only once it listens (its first call comes at once, with the
          // feed's head), so a
          // catch-up that read the feed to its end from here leaves nothing the cache has not
          // applied or will not hear of.
          if (catchUp()) {
            following.countDown();
          }
        });
    ownCommits = feed.onOwnCommits(this::catchUpTo);
    return this;
  }

  /** The entry of a canonical E.164 number the cache holds, null when it holds none. */
  RouteEntry cached(String canonicalNumber) {
    Kept kept = entries.get(canonicalNumber);
    if (kept == null) {
      return null;
    }
    hits.increment();
    return entry(kept);
  }

  private RouteEntry entry(Kept kept) {
    return switch (kept) {
      case RoutedNumber routed -> routed;
      case Released released ->
          clock.millis() < released.quarantineEndsAtMillis()
              ? RouteEntry.Absent.RELEASED_IN_QUARANTINE
              : RouteEntry.Absent.UNKNOWN;
      default -> throw new IllegalStateException("unexpected entry " + kept);
    };
  }

  /**
   * The entry of a number. Once every route is loaded, a number the cache does not hold is unknown,
   * without asking the database; before that (a replica that is not ready yet), it is read from the
   * database and not kept.
   */
  RouteEntry get(E164 number) {
    RouteEntry cached = cached(number.value());
    if (cached != null) {
      return cached;
    }
    misses.increment();
    if (loaded) {
      return RouteEntry.Absent.UNKNOWN;
    }
    Kept[] found = new Kept[1];
    tx.read(
        Optional.empty(),
        () -> {
          source.load(
              List.of(number.value()), releasedSince(), sink(-1, (n, kept) -> found[0] = kept));
          return null;
        });
    return found[0] == null ? RouteEntry.Absent.UNKNOWN : entry(found[0]);
  }

  /**
   * Loads every route again from the database, in place (answers keep coming from the entries held
   * meanwhile), then applies the changes committed since. For writers that bypass the change feed,
   * such as bulk COPY loads.
   *
   * @throws RuntimeException when the database fails; the cache keeps what it held and reloads on
   *     its next catch-up
   */
  public void reload() {
    synchronized (catchUpLock) {
      reloadDue = true;
      loadAll();
    }
    catchUp();
  }

  /** How long the last full load took. */
  public Duration lastLoad() {
    return lastLoad;
  }

  private void loadAll() {
    long started = System.nanoTime();
    int loading = generation + 1;
    shared.clear(); // entries keep the instances they hold; the reload shares anew
    long revision =
        tx.inTransaction(() -> source.loadAll(releasedSince(), sink(loading, entries::put)));
    generation = loading;
    int before = entries.size();
    entries.values().removeIf(kept -> kept.generation() != loading);
    removals.add(before - entries.size());
    // the snapshot holds every change up to its revision; a database that went back in time
    // (restored) goes back too
    appliedRevision.set(revision);
    lag.applied(revision);
    reloadDue = false;
    loaded = true;
    lastLoad = Duration.ofNanos(System.nanoTime() - started);
    LOG.info(
        "route cache loaded {} routes at revision {} in {} ms",
        entries.size(),
        revision,
        lastLoad.toMillis());
  }

  private Instant releasedSince() {
    return clock.instant().minus(PhoneNumber.QUARANTINE);
  }

  private RouteSource.Sink sink(int generation, java.util.function.BiConsumer<String, Kept> put) {
    return new RouteSource.Sink() {
      @Override
      public void held(RouteSource.HeldRoute route) {
        put.accept(route.number(), route(route, generation));
      }

      @Override
      public void released(String number, Instant releasedAt) {
        put.accept(
            number,
            new Released(releasedAt.plus(PhoneNumber.QUARANTINE).toEpochMilli(), generation));
      }
    };
  }

  /**
   * The compact route of a held number: what {@link RoutingService} answers from, and nothing else.
   */
  private RoutedNumber route(RouteSource.HeldRoute held, int generation) {
    byte flags = 0;
    flags |= held.inboundEnabled() ? RoutedNumber.INBOUND_ENABLED : 0;
    flags |= held.voiceEnabled() ? RoutedNumber.VOICE_ENABLED : 0;
    flags |= held.smsEnabled() ? RoutedNumber.SMS_ENABLED : 0;
    flags |=
        held.webhooks().stream()
                .anyMatch(w -> w.events().contains(WebhookEvent.PHONE_CALL_CONNECTION_REQUESTED))
            ? RoutedNumber.CALL_CONNECTION_WEBHOOK
            : 0;
    BoundAgent[] agents = null;
    for (BoundAgent agent : held.bindings()) { // for calls, also VoiceOS's inbound agent (one fact)
      if (agents == null) {
        agents = new BoundAgent[BindingChannel.values().length];
      }
      agents[agent.channel().ordinal()] =
          new BoundAgent(
              agent.channel(),
              share(agent.agentId()),
              agent.agentName().isEmpty() ? Optional.empty() : share(agent.agentName()),
              agent.boundAt());
    }
    return new RoutedNumber(
        held.id(),
        share(held.organizationId()),
        held.number(),
        held.status(),
        flags,
        held.inboundChannelLimit(),
        agents,
        held.inboundUrl().map(this::share).orElse(null),
        held.statusUrl().map(this::share).orElse(null),
        held.label().map(this::share).orElse(null),
        held.webhooks(),
        held.trunks(),
        held.policies().isEmpty() ? null : share(held.policies()),
        generation);
  }

  /**
   * The one instance of an equal value that entries share (values repeat across the numbers of an
   * organization).
   */
  @SuppressWarnings("unchecked")
  private <T> T share(T value) {
    if (shared.size() > MAX_SHARED_VALUES) {
      shared.clear(); // only sharing is lost: entries keep the instances they hold
    }
    Object previous = shared.putIfAbsent(value, value);
    return previous == null ? value : (T) previous;
  }

  /**
   * Applies every committed change up to {@code revision} at least, on the calling thread: a
   * writer's own change is in the cache before the writer answers. A failed catch-up (the database
   * just went away) is not retried here: each attempt now also reads the changed route, and writers
   * queued behind retries against a dying database ran past their deadlines (DatabaseRestartIT);
   * the next notification or poll applies the change.
   */
  public void catchUpTo(long revision) {
    synchronized (catchUpLock) {
      if (appliedRevision.get() >= revision) {
        return; // concurrent writers: the one that held the lock applied this one's change too
      }
      catchUp();
    }
  }

  /**
   * Returns once this cache has applied {@code revision}, reading the feed itself rather than
   * waiting for the next notification. Gives up at the deadline (without one, after {@link
   * #MAX_REVISION_WAIT}) with UNAVAILABLE, so the caller can ask another replica; a revision the
   * feed has not reached is refused as invalid.
   */
  public void awaitApplied(long revision, Optional<Instant> deadline) {
    Instant now = clock.instant();
    Instant ownLimit = now.plus(MAX_REVISION_WAIT);
    boolean deadlineBound = deadline.isPresent() && deadline.get().isBefore(ownLimit);
    Instant until = deadlineBound ? deadline.get() : ownLimit;
    long pauseNanos = TimeUnit.MILLISECONDS.toNanos(1);
    while (appliedRevision.get() < revision) {
      if (catchUp() && appliedRevision.get() < revision) {
        throw InvalidArgumentException.of(
            "min_revision",
            "is newer than the latest revision of the change feed (" + appliedRevision.get() + ")");
      }
      if (appliedRevision.get() >= revision) {
        return;
      }
      long left = Duration.between(clock.instant(), until).toNanos();
      if (left <= 0) {
        throw deadlineBound
            ? new UnavailableException(
                Reason.DEADLINE_EXCEEDED,
                "the deadline passed before this replica caught up to revision " + revision)
            : new UnavailableException(
                Reason.REVISION_NOT_APPLIED,
                "this replica could not catch up to revision "
                    + revision
                    + "; retry, possibly on another replica");
      }
      LockSupport.parkNanos(Math.min(left, pauseNanos));
      pauseNanos = Math.min(MAX_REVISION_PAUSE_NANOS, pauseNanos * 2);
    }
  }

  /**
   * Applies every committed change after the last applied revision, loading every route first when
   * none are loaded yet or the feed had a gap. Safe to call from any thread, any time. Returns
   * whether it read the feed to its end (false when the database failed).
   */
  public boolean catchUp() {
    synchronized (catchUpLock) {
      try {
        if (!loaded || reloadDue) {
          reloadDue = true; // until a full load succeeds, also when this one fails halfway
          loadAll();
        }
        while (true) {
          long from = appliedRevision.get();
          // single statements: autocommit, one round trip each instead of BEGIN … COMMIT
          List<ChangeEvent> batch = tx.read(Optional.empty(), () -> feed.after(from, BATCH));
          if (batch.isEmpty()) {
            if (tx.read(Optional.empty(), feed::latestRevision) < from) {
              LOG.warn(
                  "the change feed is back at an earlier revision than the {} this replica applied (a restored"
                      + " database?): reloading every route",
                  from);
              reloadDue = true;
              loadAll();
              continue;
            }
            lag.applied(from);
            return true;
          }
          if (batch.get(0).revision() > from + 1) {
            LOG.warn(
                "revisions {} to {} were purged from the change feed before this replica applied them:"
                    + " reloading every route",
                from + 1,
                batch.get(0).revision() - 1);
            reloadDue = true;
            loadAll();
            continue;
          }
          apply(batch);
          appliedRevision.set(batch.get(batch.size() - 1).revision());
          batch.forEach(alsoOnEachChange);
          lag.applied(appliedRevision.get());
          if (batch.size() < BATCH) {
            return true;
          }
        }
      } catch (RuntimeException e) {
        // The database may be restarting; the next notification or poll catches up from the same
        // revision.
        LOG.debug("route cache catch-up failed; will retry", e);
        return false;
      }
    }
  }

  /**
   * Replaces the routes a batch of changes touched with their current state, read once per batch: a
   * number's changes reload that number, an agent's (its name shows in routes) reload the numbers
   * bound to it.
   */
  private void apply(List<ChangeEvent> batch) {
    Set<String> numbers = new LinkedHashSet<>();
    Map<AgentId, OrganizationId> agents = new LinkedHashMap<>();
    for (ChangeEvent event : batch) {
      if (event.resourceType() == ResourceType.AGENT) {
        agents.put(new AgentId(event.resourceId()), event.organizationId());
      } else {
        event.number().ifPresent(numbers::add);
      }
    }
    int current = generation;
    if (!numbers.isEmpty()) {
      Set<String> found = new HashSet<>();
      tx.read(
          Optional.empty(),
          () -> {
            source.load(
                numbers,
                releasedSince(),
                sink(
                    current,
                    (n, kept) -> {
                      found.add(n);
                      entries.put(n, kept);
                      updates.increment();
                    }));
            return null;
          });
      for (String n : numbers) {
        if (!found.contains(n) && entries.remove(n) != null) {
          removals.increment(); // neither held nor in quarantine any more
        }
      }
    }
    agents.forEach((agent, org) ->
        tx.read(
            Optional.empty(),
            () -> {
              source.loadBoundTo(
                  org,
                  agent,
                  sink(
                      current,
                      (n, kept) -> {
                        entries.put(n, kept);
                        updates.increment();
                      }));
              return null;
            }));
  }

  public long appliedRevision() {
    return appliedRevision.get();
  }

  /**
   * Whether a resolve asking for at least {@code minRevision} is answered from memory: every route
   * is loaded (a number not held is unknown, not read) and that revision is applied (nothing to
   * wait for).
   */
  public boolean answersFromMemory(long minRevision) {
    return loaded && minRevision <= appliedRevision.get();
  }

  /**
   * Whether the cache follows the change feed: since {@link #start()}, every route has been loaded,
   * the feed's subscription has called it (so it listens for changes) and a catch-up from that call
   * read the feed to its end. This is routing's readiness.
   *
   * <p>Once true it stays true, also while catch-ups fail because the database is away: the cache
   * then keeps answering with what it holds (possibly missing changes committed meanwhile, which
   * the first catch-up after the database's return applies), and the database is shared, so a
   * readiness that turned false with it would take every replica out of every load balancer at
   * once. {@code switchboard_change_feed_lag_seconds} shows how far behind it is.
   */
  public boolean following() {
    return following.getCount() == 0;
  }

  /** Waits until {@link #following()}; returns whether it is. */
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

  /** Up to {@code max} held numbers the cache routes now, in no particular order (for warm-up). */
  public List<RoutedNumber> sample(int max) {
    return entries.values().stream()
        .filter(RoutedNumber.class::isInstance)
        .map(RoutedNumber.class::cast)
        .limit(max)
        .toList();
  }

  /**
   * What the cache has done so far, for metrics: read on each scrape, counted without locks on the
   * hot path.
   */
  public Stats stats() {
    return new Stats(
        entries.size(),
        hits.sum(),
        misses.sum(),
        removals.sum(),
        lag.seconds(),
        updates.sum(),
        lastLoad.toNanos() / 1e9);
  }

  /**
   * @param misses resolves of a number the cache does not hold (unknown numbers)
   * @param evictions entries removed because their number is neither held nor in quarantine any
   *     more
   * @param lagSeconds how long the oldest change committed (as far as this replica has heard) but
   *     not yet applied here has been waiting; 0 when the cache has applied everything it knows of
   * @param updates routes replaced in place because a change touched them
   * @param lastLoadSeconds how long the last full load of every route took
   */
  public record Stats(
      int size,
      long hits,
      long misses,
      long evictions,
      double lagSeconds,
      long updates,
      double lastLoadSeconds) {}

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
