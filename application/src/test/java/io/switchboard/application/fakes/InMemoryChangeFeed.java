package io.switchboard.application.fakes;

import io.switchboard.application.fakes.InMemoryTransactions.Table;
import io.switchboard.application.port.ChangeFeed;
import io.switchboard.application.port.query.ChangeFilter;
import io.switchboard.application.port.query.ChangeQuery;
import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.org.OrganizationId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Predicate;

/**
 * The change log in memory. An event gets its revision as its transaction commits (commits are
 * serialized, so revisions are gapless and in commit order); a rolled-back transaction's events
 * never appear. Subscribers are told on a thread of their own, as PostgreSQL NOTIFY reaches a
 * listener: once when they subscribe, then after each commit, before the writer resumes (where the
 * database's notification arrives a little later).
 */
public final class InMemoryChangeFeed implements ChangeFeed {
  private final InMemoryTransactions transactions;
  private final Table<Log> log;
  private final List<Listener> ownCommitListeners = new CopyOnWriteArrayList<>();
  private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

  /**
   * Set as a transaction's events get their revisions, read once it has committed: both on the
   * writing thread.
   */
  private final ThreadLocal<Long> highestOfThisCommit = ThreadLocal.withInitial(() -> 0L);

  /**
   * The kept events (oldest first) and the highest revision ever given, which a purge does not
   * lower.
   */
  private static final class Log {
    final ArrayList<ChangeEvent> events;
    long latest;

    Log(ArrayList<ChangeEvent> events, long latest) {
      this.events = events;
      this.latest = latest;
    }

    Log copy() {
      return new Log(new ArrayList<>(events), latest);
    }
  }

  public InMemoryChangeFeed(InMemoryDatabase db) {
    this.transactions = db.transactions;
    this.log = transactions.table(new Log(new ArrayList<>(), 0), Log::copy);
  }

  @Override
  public void append(ChangeEvent event) {
    append(event, revision -> {});
  }

  @Override
  public void append(ChangeEvent event, LongConsumer onRevision) {
    long[] revision = new long[1];
    transactions.beforeCommit(() ->
        log.write(l -> {
          revision[0] = ++l.latest;
          highestOfThisCommit.set(revision[0]);
          return l.events.add(withRevision(event, revision[0]));
        }));
    transactions.afterCommit(() -> onRevision.accept(revision[0]));
    transactions.afterCommitOnce(this, this::announce);
  }

  /** Tells listeners once per transaction, with the highest revision it committed. */
  private void announce() {
    long latest = highestOfThisCommit.get();
    ownCommitListeners.forEach(l -> l.changed(latest));
    subscriptions.forEach(s -> s.tellAndWait(latest));
  }

  @Override
  public AutoCloseable onOwnCommits(Listener listener) {
    ownCommitListeners.add(listener);
    return () -> ownCommitListeners.remove(listener);
  }

  @Override
  public List<ChangeEvent> after(long afterRevision, int limit) {
    return select(e -> e.revision() > afterRevision, limit);
  }

  @Override
  public List<ChangeEvent> after(OrganizationId organizationId, long afterRevision, int limit) {
    return select(
        e -> e.revision() > afterRevision && e.organizationId().equals(organizationId), limit);
  }

  private List<ChangeEvent> select(Predicate<ChangeEvent> which, int limit) {
    return log.read(l -> l.events.stream().filter(which).limit(limit).toList());
  }

  @Override
  public List<ChangeEvent> history(OrganizationId organizationId, ChangeQuery query) {
    Predicate<ChangeEvent> subject =
        switch (query.subject()) {
          case ChangeQuery.Resource resource ->
              e -> e.resourceType() == resource.type() && e.resourceId().equals(resource.id());
          case ChangeQuery.Number number ->
              e ->
                  e.number().equals(Optional.of(number.e164()))
                      && !e.occurredAt().isBefore(number.since());
        };
    return log.read(l ->
        l.events.stream()
            .filter(e -> e.organizationId().equals(organizationId))
            .filter(subject)
            .filter(e -> query.beforeRevision().map(before -> e.revision() < before).orElse(true))
            .sorted(Comparator.comparingLong(ChangeEvent::revision).reversed())
            .limit(query.pageSize())
            .toList());
  }

  @Override
  public List<ChangeEvent> search(
      OrganizationId organizationId,
      ChangeFilter filter,
      Optional<Long> beforeRevision,
      int limit) {
    return log.read(l ->
        l.events.stream()
            .filter(e -> e.organizationId().equals(organizationId))
            .filter(filter::matches)
            .filter(e -> beforeRevision.map(before -> e.revision() < before).orElse(true))
            .sorted(Comparator.comparingLong(ChangeEvent::revision).reversed())
            .limit(limit)
            .toList());
  }

  /** Hands over a snapshot taken at the start, as the database's cursor reads one snapshot. */
  @Override
  public void scan(OrganizationId organizationId, ChangeFilter filter, Consumer<ChangeEvent> sink) {
    List<ChangeEvent> snapshot =
        log.read(l ->
            l.events.stream()
                .filter(e -> e.organizationId().equals(organizationId))
                .filter(filter::matches)
                .toList());
    snapshot.forEach(sink);
  }

  @Override
  public long latestRevision() {
    return log.read(l -> l.latest);
  }

  @Override
  public AutoCloseable subscribe(Listener listener) {
    Subscription subscription = new Subscription(listener);
    subscriptions.add(subscription);
    subscription.tell(latestRevision());
    return () -> {
      subscriptions.remove(subscription);
      subscription.close();
    };
  }

  @Override
  public long oldestRevision() {
    return log.read(l -> l.events.isEmpty() ? l.latest + 1 : l.events.get(0).revision());
  }

  @Override
  public int purgeOccurredBefore(Instant cutoff, long throughRevision, int batchSize) {
    return log.write(l -> {
      int purged = 0;
      // only a prefix goes: the first young event (in revision order) stops the purge
      while (purged < batchSize
          && !l.events.isEmpty()
          && l.events.get(0).occurredAt().isBefore(cutoff)
          && l.events.get(0).revision() <= throughRevision) {
        l.events.remove(0);
        purged++;
      }
      return purged;
    });
  }

  @Override
  public Optional<OrganizationId> organizationOf(long revision) {
    return log.read(l ->
        l.events.stream()
            .filter(e -> e.revision() == revision)
            .findFirst()
            .map(ChangeEvent::organizationId));
  }

  private static ChangeEvent withRevision(ChangeEvent e, long revision) {
    return new ChangeEvent(
        revision,
        e.organizationId(),
        e.resourceType(),
        e.resourceId(),
        e.number(),
        e.action(),
        e.changes(),
        e.actorKeyId(),
        e.requestId(),
        e.sourceApi(),
        e.occurredAt());
  }

  private static final class Subscription {
    private static final String THREAD_NAME = "in-memory-change-feed-subscription";
    private final Listener listener;
    private final ExecutorService thread =
        Executors.newSingleThreadExecutor(r -> {
          Thread t = new Thread(r, THREAD_NAME);
          t.setDaemon(true);
          return t;
        });
    private volatile boolean closed;

    Subscription(Listener listener) {
      this.listener = listener;
    }

    void tell(long revision) {
      if (closed) {
        return;
      }
      try {
        thread.execute(() -> {
          if (!closed) {
            listener.changed(revision);
          }
        });
      } catch (java.util.concurrent.RejectedExecutionException closedMeanwhile) {
        // the subscriber has gone
      }
    }

    /**
     * Tells the subscriber and waits until it has heard (briefly): a writer's commit is then known
     * to every subscriber by the time the writer answers, so tests need not wait for a
     * notification.
     */
    void tellAndWait(long revision) {
      if (closed) {
        return;
      }
      if (Thread.currentThread().getName().equals(THREAD_NAME)) {
        tell(revision); // written by a subscriber itself: waiting on its own thread would never end
        return;
      }
      try {
        thread
            .submit(() -> {
              if (!closed) {
                listener.changed(revision);
              }
            })
            .get(5, TimeUnit.SECONDS);
      } catch (java.util.concurrent.RejectedExecutionException
          | java.util.concurrent.ExecutionException
          | java.util.concurrent.TimeoutException e) {
        // gone, failed or slow: like a lost notification, the subscriber's next report catches up
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    void close() throws InterruptedException {
      closed = true;
      thread.shutdown();
      thread.awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
