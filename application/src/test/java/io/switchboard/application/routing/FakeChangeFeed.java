package io.switchboard.application.routing;

import io.switchboard.application.port.ChangeFeed;
import io.switchboard.application.port.query.ChangeFilter;
import io.switchboard.application.port.query.ChangeQuery;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.change.SourceApi;
import io.switchboard.domain.org.OrganizationId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The change log in memory; the subscription's calls (NOTIFY, safety poll) are made by the test.
 */
final class FakeChangeFeed implements ChangeFeed {
  static final OrganizationId ORG =
      new OrganizationId(UUID.fromString("00000000-0000-0000-0000-000000000001"));

  private final List<ChangeEvent> events = new CopyOnWriteArrayList<>();
  private final List<Listener> listeners = new ArrayList<>();
  private long revision;

  /**
   * Every call fails while set, as a pool does while the database is away (checked by the tests'
   * transactions).
   */
  volatile boolean databaseDown;

  /** Changes of numbers that nobody holds: the cache has nothing to load for them. */
  void commit(int count) {
    for (int i = 0; i < count; i++) {
      commit(
          ResourceType.PHONE_NUMBER,
          "n" + (revision + 1),
          Optional.of("+1208443" + (9000 + revision + 1)));
    }
  }

  /** A change of this number (its new state is in the fake source already). */
  long commitNumber(String number) {
    return commit(ResourceType.PHONE_NUMBER, "n", Optional.of(number));
  }

  /** A change of an agent of {@link #ORG}, which names no number. */
  long commitAgent(String agentId) {
    return commit(ResourceType.AGENT, agentId, Optional.empty());
  }

  synchronized long commit(ResourceType type, String resourceId, Optional<String> number) {
    revision++;
    events.add(
        new ChangeEvent(
            revision,
            ORG,
            type,
            resourceId,
            number,
            ChangeAction.UPDATED,
            List.of(),
            Optional.empty(),
            Optional.empty(),
            SourceApi.GRPC,
            Instant.EPOCH));
    return revision;
  }

  /** The retention purge: removes every event up to {@code upTo}; the revision counter stays. */
  void purgeUpTo(long upTo) {
    events.removeIf(e -> e.revision() <= upTo);
  }

  /** A database restored to an earlier point: the log and its counter end at {@code revision}. */
  synchronized void restoreTo(long restored) {
    events.removeIf(e -> e.revision() > restored);
    revision = restored;
  }

  void subscriptionCalls(long revisionHint) {
    listeners.forEach(listener -> listener.changed(revisionHint));
  }

  @Override
  public void append(ChangeEvent event) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void append(ChangeEvent event, java.util.function.LongConsumer onRevision) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<ChangeEvent> search(
      OrganizationId organizationId,
      ChangeFilter filter,
      Optional<Long> beforeRevision,
      int limit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void scan(
      OrganizationId organizationId,
      ChangeFilter filter,
      java.util.function.Consumer<ChangeEvent> sink) {
    throw new UnsupportedOperationException();
  }

  @Override
  public AutoCloseable onOwnCommits(Listener listener) {
    return () -> {};
  }

  @Override
  public List<ChangeEvent> after(long afterRevision, int limit) {
    return events.stream().filter(e -> e.revision() > afterRevision).limit(limit).toList();
  }

  @Override
  public List<ChangeEvent> after(OrganizationId organizationId, long afterRevision, int limit) {
    return after(afterRevision, limit);
  }

  @Override
  public List<ChangeEvent> history(OrganizationId organizationId, ChangeQuery query) {
    return List.of();
  }

  @Override
  public synchronized long latestRevision() {
    return revision;
  }

  @Override
  public AutoCloseable subscribe(Listener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public long oldestRevision() {
    return events.isEmpty() ? latestRevision() + 1 : events.get(0).revision();
  }

  @Override
  public int purgeOccurredBefore(Instant cutoff, long throughRevision, int batchSize) {
    return 0;
  }
}
