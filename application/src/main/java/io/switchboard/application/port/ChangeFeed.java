package io.switchboard.application.port;

import io.switchboard.application.port.query.ChangeFilter;
import io.switchboard.application.port.query.ChangeQuery;
import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.org.OrganizationId;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The log of committed changes. {@link #append} runs inside the mutation's transaction, so the
 * event commits (or rolls back) with the mutation; every committed event gets a revision, possibly
 * only once its transaction has committed. Revisions become visible gapless and in strictly
 * increasing order (a reader never sees revision n+1 before n), so a reader that resumes after its
 * last revision misses nothing and sees nothing twice.
 */
public interface ChangeFeed {
  /**
   * Appends the event (its revision is ignored) to the current transaction. Its revision is not
   * known yet: readers see the event, with its revision, after the transaction has committed
   * (normally by the time the transaction's caller gets control back; at the latest shortly after).
   */
  void append(ChangeEvent event);

  /**
   * Appends the event like {@link #append(ChangeEvent)}; once its transaction has committed and the
   * event has its revision, calls {@code onRevision} with it on the writing thread, before the
   * transaction's caller gets control back. Not called when the transaction rolls back, nor when
   * the revision could not be given in time (the event then gets one later, like any event whose
   * writer failed after commit).
   */
  void append(ChangeEvent event, java.util.function.LongConsumer onRevision);

  /**
   * An event not yet appended, with what to call once it has its revision (as {@link
   * #append(ChangeEvent, java.util.function.LongConsumer)}): what a repository takes when it writes
   * a mutation and its event in one statement.
   */
  record Entry(ChangeEvent event, java.util.function.LongConsumer onRevision) {
    public Entry {
      java.util.Objects.requireNonNull(event, "event");
      java.util.Objects.requireNonNull(onRevision, "onRevision");
    }
  }

  /**
   * Appends the entry's event like {@link #append(ChangeEvent, java.util.function.LongConsumer)}.
   */
  default void append(Entry entry) {
    append(entry.event(), entry.onRevision());
  }

  /**
   * Calls {@code listener} on the writing thread each time a transaction of this process has
   * committed events and they have their revisions (with the highest of them), before the
   * transaction's caller gets control back: this is how a replica's own caches apply its own writes
   * before they are acknowledged (read-your-writes). Close the returned handle to stop.
   */
  AutoCloseable onOwnCommits(Listener listener);

  /**
   * Committed events with a revision greater than {@code afterRevision}, oldest first, at most
   * {@code limit}.
   */
  List<ChangeEvent> after(long afterRevision, int limit);

  /** Same, for one organization. */
  List<ChangeEvent> after(OrganizationId organizationId, long afterRevision, int limit);

  /** A resource's history, newest first. */
  List<ChangeEvent> history(OrganizationId organizationId, ChangeQuery query);

  /**
   * The organization's committed events that match {@code filter}, newest (highest revision) first,
   * only those below {@code beforeRevision} when given, at most {@code limit}: one keyset page of
   * the audit log.
   */
  List<ChangeEvent> search(
      OrganizationId organizationId, ChangeFilter filter, Optional<Long> beforeRevision, int limit);

  /**
   * Hands every committed event of the organization that matches {@code filter} to {@code sink},
   * oldest (lowest revision) first, as it is read: the events are fetched from a cursor a batch at
   * a time, never all held in memory. Runs inside the caller's transaction, so the events handed
   * over are one consistent snapshot; a sink's exception stops the scan and propagates.
   */
  void scan(OrganizationId organizationId, ChangeFilter filter, Consumer<ChangeEvent> sink);

  /** The revision of the latest committed event, 0 when there is none. */
  long latestRevision();

  /**
   * Calls {@code listener} with a revision whenever new events may have committed (PostgreSQL
   * NOTIFY), possibly coalesced; listeners read {@link #after} to catch up. Close the returned
   * handle to stop.
   */
  AutoCloseable subscribe(Listener listener);

  interface Listener {
    void changed(long revisionHint);
  }

  /**
   * The revision of the oldest event still kept (the retention purge removes older ones); the
   * latest revision + 1 when none is kept. A reader that resumes after a revision below {@code
   * oldestRevision() - 1} has missed events.
   */
  long oldestRevision();

  /**
   * Removes events that occurred before {@code cutoff}, oldest revision first, at most {@code
   * batchSize} in one call. Only a prefix of the log is ever removed (an event is kept when an
   * older-numbered one is kept), so the kept events stay gapless; returns how many were removed.
   */
  default int purgeOccurredBefore(java.time.Instant cutoff, int batchSize) {
    return purgeOccurredBefore(cutoff, Long.MAX_VALUE, batchSize);
  }

  /**
   * Same, removing no event with a revision above {@code throughRevision}: those a reader that must
   * not miss them (a webhook endpoint's cursor) has not read yet.
   */
  int purgeOccurredBefore(java.time.Instant cutoff, long throughRevision, int batchSize);

  /** The organization of a revision, when a caller needs to check one (resume tokens). */
  default Optional<OrganizationId> organizationOf(long revision) {
    return Optional.empty();
  }
}
