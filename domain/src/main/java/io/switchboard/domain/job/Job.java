package io.switchboard.domain.job;

import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.org.ApiKeyId;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.org.Scope;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A bulk job: items uploaded once, then applied in order by one replica at a time. {@code
 * counts.processed()} is also the cursor, the index of the next item to apply, so progress and
 * position never disagree. The key that started it ({@code startedBy}, with the scopes it had) is
 * the actor of every change the job makes.
 *
 * @param returnToCarrier for a release job, whether the numbers leave the stock for good
 * @param error why a FAILED job stopped
 */
public record Job(
    JobId id,
    OrganizationId organizationId,
    JobKind kind,
    JobState state,
    RequestId requestId,
    ApiKeyId startedBy,
    Set<Scope> scopes,
    boolean returnToCarrier,
    long totalItems,
    JobCounts counts,
    boolean cancelRequested,
    Optional<String> error,
    Instant createTime,
    Optional<Instant> startTime,
    Instant updateTime,
    Optional<Instant> endTime) {

  /** The most items one job may hold. */
  public static final long MAX_ITEMS = 1_000_000;

  public Job {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(organizationId, "organizationId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(startedBy, "startedBy");
    scopes = Set.copyOf(scopes);
    Objects.requireNonNull(counts, "counts");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(createTime, "createTime");
    Objects.requireNonNull(startTime, "startTime");
    Objects.requireNonNull(updateTime, "updateTime");
    Objects.requireNonNull(endTime, "endTime");
    if (totalItems < 0 || totalItems > MAX_ITEMS) {
      throw new IllegalArgumentException("a job holds 0.." + MAX_ITEMS + " items");
    }
    if (counts.processed() > totalItems) {
      throw new IllegalArgumentException("more items processed than the job holds");
    }
    if (state == JobState.SUCCEEDED && counts.processed() != totalItems) {
      throw new IllegalArgumentException("a succeeded job has processed every item");
    }
    if (state.isDone() != endTime.isPresent()) {
      throw new IllegalArgumentException("a job has an end time exactly when it is done");
    }
    if (state == JobState.FAILED != error.isPresent()) {
      throw new IllegalArgumentException("a job has an error exactly when it failed");
    }
    if (kind != JobKind.RELEASE && returnToCarrier) {
      throw new IllegalArgumentException("only a release job returns numbers to the carrier");
    }
  }

  /** A job whose items are being uploaded: pending, with none counted yet. */
  public static Job submit(
      JobId id,
      OrganizationId organizationId,
      JobKind kind,
      RequestId requestId,
      ApiKeyId startedBy,
      Set<Scope> scopes,
      boolean returnToCarrier,
      Instant now) {
    return new Job(
        id,
        organizationId,
        kind,
        JobState.PENDING,
        requestId,
        startedBy,
        scopes,
        returnToCarrier,
        0,
        JobCounts.NONE,
        false,
        Optional.empty(),
        now,
        Optional.empty(),
        now,
        Optional.empty());
  }

  /** The index of the next item to apply. */
  public long cursor() {
    return counts.processed();
  }

  public boolean isDone() {
    return state.isDone();
  }

  /** The upload is complete: the job holds {@code total} items. */
  public Job withTotal(long total) {
    requireState(JobState.PENDING, "upload items to");
    if (total < 1) {
      throw new IllegalArgumentException("a job holds at least one item");
    }
    return with(state, total, counts, cancelRequested, error, startTime, updateTime, endTime);
  }

  /** A replica begins it (or takes over a running one: then nothing changes). */
  public Job started(Instant now) {
    if (state == JobState.RUNNING) {
      return this;
    }
    requireState(JobState.PENDING, "start");
    return with(
        JobState.RUNNING,
        totalItems,
        counts,
        cancelRequested,
        error,
        Optional.of(now),
        now,
        endTime);
  }

  /** The next items were applied with these outcomes. */
  public Job progressed(JobCounts slice, Instant now) {
    requireState(JobState.RUNNING, "record progress of");
    return with(
        state, totalItems, counts.plus(slice), cancelRequested, error, startTime, now, endTime);
  }

  /** Every item applied. */
  public Job succeeded(Instant now) {
    requireState(JobState.RUNNING, "complete");
    if (cursor() != totalItems) {
      throw new IllegalStateException("job " + id + " has items left to apply");
    }
    return ended(JobState.SUCCEEDED, Optional.empty(), now);
  }

  /** The caller asked to stop: a done job is unchanged, a pending one stops at once. */
  public Job cancelRequested(Instant now) {
    if (isDone()) {
      return this;
    }
    if (state == JobState.PENDING) {
      return with(
          JobState.CANCELLED, totalItems, counts, true, error, startTime, now, Optional.of(now));
    }
    return with(state, totalItems, counts, true, error, startTime, now, endTime);
  }

  /** Stopped between items because cancellation was asked for. */
  public Job cancelled(Instant now) {
    if (!cancelRequested) {
      throw new IllegalStateException("job " + id + " was not asked to cancel");
    }
    requireState(JobState.RUNNING, "cancel");
    return ended(JobState.CANCELLED, Optional.empty(), now);
  }

  /** Stopped as a whole; the items counted so far stay applied. */
  public Job failed(String why, Instant now) {
    if (isDone()) {
      throw new IllegalStateException("job " + id + " is already " + state);
    }
    return ended(JobState.FAILED, Optional.of(why), now);
  }

  private Job ended(JobState end, Optional<String> why, Instant now) {
    return with(end, totalItems, counts, cancelRequested, why, startTime, now, Optional.of(now));
  }

  private void requireState(JobState expected, String action) {
    if (state != expected) {
      throw new IllegalStateException(
          "cannot " + action + " job " + id + ": it is " + state + ", not " + expected);
    }
  }

  private Job with(
      JobState newState,
      long total,
      JobCounts newCounts,
      boolean cancel,
      Optional<String> newError,
      Optional<Instant> start,
      Instant update,
      Optional<Instant> end) {
    return new Job(
        id,
        organizationId,
        kind,
        newState,
        requestId,
        startedBy,
        scopes,
        returnToCarrier,
        total,
        newCounts,
        cancel,
        newError,
        createTime,
        start,
        update,
        end);
  }
}
