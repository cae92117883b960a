package io.switchboard.application.job;

import io.switchboard.application.common.BackgroundLoop;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.inventory.ImportNumbersUseCase;
import io.switchboard.application.inventory.ImportNumbersUseCase.ImportResult;
import io.switchboard.application.number.ReleasePhoneNumberUseCase;
import io.switchboard.application.number.UpdatePhoneNumberUseCase;
import io.switchboard.application.port.JobRepository;
import io.switchboard.application.port.Transactions;
import io.switchboard.application.port.query.JobItem;
import io.switchboard.domain.change.SourceApi;
import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.error.DomainException;
import io.switchboard.domain.error.UnavailableException;
import io.switchboard.domain.inventory.AvailableNumber;
import io.switchboard.domain.job.ItemOutcome;
import io.switchboard.domain.job.Job;
import io.switchboard.domain.job.JobCounts;
import io.switchboard.domain.job.JobId;
import io.switchboard.domain.job.JobItemResult;
import io.switchboard.domain.job.JobKind;
import io.switchboard.domain.org.Principal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs bulk jobs in the background, one at a time per replica and each job on one replica at a
 * time: the one holding its lease, renewed with every slice. A replica that dies leaves the lease
 * to expire, and another (or the restarted one) resumes from the cursor.
 *
 * <p>Items are applied in slices through the use cases of one item (ImportNumbers for a whole
 * slice, UpdatePhoneNumber and ReleasePhoneNumber per item). A slice's effects, its items' outcomes
 * and the cursor's advance commit in one transaction, which first renews the lease and checks the
 * cursor is where this replica left it: a crash or a lost lease rolls the slice back whole, so no
 * item is applied twice or skipped. An item refused with a domain error fails alone: the slice is
 * rolled back and done again with that item recorded as failed and the slice ending there, so a
 * refused item never leaves half its writes behind. Cancellation is checked before every slice.
 */
public final class JobRunner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

  /** Unexpected errors in a row at one cursor before the job is failed as a whole. */
  static final int MAX_ATTEMPTS = 5;

  private static final long UNKNOWN_ITEM = -1;

  /**
   * @param pollInterval how long an idle runner waits before looking for a job again
   * @param leaseTtl how long a lease lasts unless renewed: how soon another replica takes over a
   *     dead one's job; longer than a slice takes
   * @param slice how many items one transaction applies
   */
  public record Settings(Duration pollInterval, Duration leaseTtl, int slice) {
    public static final Settings DEFAULT =
        new Settings(Duration.ofSeconds(1), Duration.ofSeconds(30), 500);

    public Settings {
      if (!pollInterval.isPositive() || !leaseTtl.isPositive() || slice < 1) {
        throw new IllegalArgumentException("poll interval, lease and slice must be positive");
      }
    }
  }

  private final JobRepository jobs;
  private final Transactions tx;
  private final JobItemCodec codec;
  private final ImportNumbersUseCase importNumbers;
  private final UpdatePhoneNumberUseCase updatePhoneNumber;
  private final ReleasePhoneNumberUseCase releasePhoneNumber;
  private final JobObserver observer;
  private final Clock clock;
  private final Settings settings;
  private final String owner;
  private final BackgroundLoop loop;

  public JobRunner(
      JobRepository jobs,
      Transactions tx,
      JobItemCodec codec,
      ImportNumbersUseCase importNumbers,
      UpdatePhoneNumberUseCase updatePhoneNumber,
      ReleasePhoneNumberUseCase releasePhoneNumber,
      JobObserver observer,
      Clock clock,
      Settings settings,
      String owner) {
    this.jobs = jobs;
    this.tx = tx;
    this.codec = codec;
    this.importNumbers = importNumbers;
    this.updatePhoneNumber = updatePhoneNumber;
    this.releasePhoneNumber = releasePhoneNumber;
    this.observer = observer;
    this.clock = clock;
    this.settings = settings;
    this.owner = Objects.requireNonNull(owner, "owner");
    this.loop = new BackgroundLoop("job-runner", settings.pollInterval(), this::runOnce);
  }

  /** The replica's name in the leases it holds. */
  public String owner() {
    return owner;
  }

  public void start() {
    if (loop.start()) {
      log.info("Running bulk jobs as {}", owner);
    }
  }

  /** Looks for work now rather than after the poll interval (a job was just stored). */
  public void wake() {
    loop.wake();
  }

  /**
   * Claims one job and runs it until it is done, cancelled, or its lease is lost; false when there
   * was none to claim.
   */
  public boolean runOnce() {
    Optional<Job> claimed = tx.inTransaction(() -> jobs.claim(owner, settings.leaseTtl()));
    if (claimed.isEmpty()) {
      return false;
    }
    Job job = claimed.get();
    try {
      run(job);
    } catch (LostLease e) {
      log.info("Job {} is run by another replica now", job.id());
    } finally {
      if (loop.stopping()) {
        releaseQuietly(job);
      }
    }
    return true;
  }

  private void run(Job claimed) {
    Job job = claimed;
    int attempts = 0;
    Map<Long, DomainException> refused = new HashMap<>();
    while (!job.isDone()) {
      if (loop.stopping()) {
        return; // shutting down: the lease is given back, another replica resumes
      }
      long cursor = job.cursor();
      List<JobItem> items =
          job.cursor() < job.totalItems() && !job.cancelRequested()
              ? tx.read(Optional.empty(), () -> jobs.items(claimed.id(), cursor, settings.slice()))
              : List.of();
      Slice done;
      try {
        Job before = job;
        done = tx.inTransaction(() -> slice(before.id(), cursor, items, refused));
      } catch (ItemRefused e) {
        refused.put(e.index, e.failure);
        continue;
      } catch (LostLease e) {
        throw e;
      } catch (RuntimeException e) {
        attempts++;
        log.warn(
            "Job {} failed at item {} (attempt {}): {}", job.id(), cursor, attempts, e.toString());
        if (attempts >= MAX_ATTEMPTS) {
          job = tx.inTransaction(() -> failJob(claimed.id(), cursor, e));
          observer.jobEnded(job.kind(), job.state());
        } else {
          sleepQuietly(settings.pollInterval());
        }
        continue;
      }
      job = done.job();
      attempts = 0;
      refused.clear();
      observer.itemsProcessed(job.kind(), done.counts());
      if (job.isDone()) {
        observer.jobEnded(job.kind(), job.state());
      }
    }
    tx.run(() -> jobs.release(claimed.id(), owner));
  }

  /**
   * One transaction: renew the lease, check the cursor, apply the items (up to and including the
   * first known-refused one), record their outcomes, advance.
   */
  private Slice slice(
      JobId id, long cursor, List<JobItem> items, Map<Long, DomainException> refused) {
    if (!jobs.renew(id, owner, settings.leaseTtl())) {
      throw new LostLease();
    }
    Job job = jobs.lock(id).orElseThrow(LostLease::new);
    if (job.cursor() != cursor || job.isDone()) {
      throw new LostLease();
    }
    job = job.started(clock.instant());
    if (job.cancelRequested()) {
      return end(job.cancelled(clock.instant()));
    }
    if (job.cursor() == job.totalItems()) {
      return end(job.succeeded(clock.instant()));
    }
    List<JobItem> applied = items;
    for (int i = 0; i < items.size(); i++) {
      if (refused.containsKey(items.get(i).index())) {
        applied = items.subList(0, i + 1);
        break;
      }
    }
    List<JobItemResult> results = apply(job, applied, refused);
    JobCounts counts = JobCounts.NONE;
    for (JobItemResult result : results) {
      counts = counts.plus(result.outcome());
    }
    jobs.recordResults(id, results);
    Job next = job.progressed(counts, clock.instant());
    if (next.cursor() == next.totalItems()) {
      next = next.succeeded(clock.instant());
    }
    jobs.update(next);
    return new Slice(next, counts);
  }

  private Slice end(Job job) {
    jobs.update(job);
    return new Slice(job, JobCounts.NONE);
  }

  /** What a slice's transaction committed: the job after it and the slice's outcomes. */
  private record Slice(Job job, JobCounts counts) {}

  private Job failJob(JobId id, long cursor, RuntimeException e) {
    if (!jobs.renew(id, owner, settings.leaseTtl())) {
      throw new LostLease();
    }
    Job job = jobs.lock(id).orElseThrow(LostLease::new);
    if (job.isDone()) {
      return job;
    }
    Job failed =
        job.failed(
            "stopped at item " + cursor + " after repeated internal errors", clock.instant());
    jobs.update(failed);
    return failed;
  }

  private List<JobItemResult> apply(
      Job job, List<JobItem> items, Map<Long, DomainException> refused) {
    return switch (job.kind()) {
      case IMPORT -> importSlice(job, items, refused);
      case UPDATE, RELEASE -> {
        List<JobItemResult> results = new ArrayList<>(items.size());
        for (JobItem item : items) {
          DomainException known = refused.get(item.index());
          if (known != null) {
            results.add(failed(item, known));
            continue;
          }
          try {
            RequestContext ctx = context(job, item.index());
            if (job.kind() == JobKind.UPDATE) {
              updatePhoneNumber.update(ctx, codec.updateItem(item.payload()));
            } else {
              releasePhoneNumber.release(
                  ctx, codec.releaseItem(item.payload()), job.returnToCarrier(), Optional.empty());
            }
          } catch (DomainException e) {
            throw ItemRefused.of(item.index(), e);
          }
          results.add(JobItemResult.of(item.index(), ItemOutcome.SUCCEEDED));
        }
        yield results;
      }
    };
  }

  /** ImportNumbers takes the slice at once; a refused slice is done again item by item. */
  private List<JobItemResult> importSlice(
      Job job, List<JobItem> items, Map<Long, DomainException> refused) {
    if (refused.isEmpty()) {
      List<AvailableNumber> offers = new ArrayList<>(items.size());
      for (JobItem item : items) {
        offers.add(codec.importItem(item.payload()));
      }
      try {
        List<ImportResult> outcomes =
            importNumbers.importNumbers(context(job, items.getFirst().index()), offers);
        List<JobItemResult> results = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
          results.add(
              JobItemResult.of(
                  items.get(i).index(),
                  outcomes.get(i).outcome() == ImportNumbersUseCase.Outcome.IMPORTED
                      ? ItemOutcome.SUCCEEDED
                      : ItemOutcome.UNCHANGED));
        }
        return results;
      } catch (DomainException e) {
        // which item was refused is not known: the slice is done again one item at a time
        throw ItemRefused.of(items.size() == 1 ? items.getFirst().index() : UNKNOWN_ITEM, e);
      }
    }
    List<JobItemResult> results = new ArrayList<>(items.size());
    for (JobItem item : items) {
      DomainException known = refused.get(item.index());
      if (known != null) {
        results.add(failed(item, known));
        continue;
      }
      try {
        List<ImportResult> outcome =
            importNumbers.importNumbers(
                context(job, item.index()), List.of(codec.importItem(item.payload())));
        results.add(
            JobItemResult.of(
                item.index(),
                outcome.getFirst().outcome() == ImportNumbersUseCase.Outcome.IMPORTED
                    ? ItemOutcome.SUCCEEDED
                    : ItemOutcome.UNCHANGED));
      } catch (DomainException e) {
        throw ItemRefused.of(item.index(), e);
      }
    }
    return results;
  }

  private static JobItemResult failed(JobItem item, DomainException e) {
    return JobItemResult.failed(item.index(), e.reason(), e.getMessage());
  }

  /**
   * The key that started the job is the actor of its changes; the request id names the job's
   * request and the item, so the audit log shows which upload and which item made each change.
   */
  static RequestContext context(Job job, long index) {
    String derived = job.requestId().value() + "." + index;
    RequestId requestId =
        derived.length() <= 128
            ? new RequestId(derived)
            : new RequestId("job-" + job.id() + "." + index);
    return RequestContext.of(
        new Principal(job.organizationId(), job.startedBy(), job.scopes()),
        requestId,
        SourceApi.SYSTEM);
  }

  private void releaseQuietly(Job job) {
    try {
      tx.run(() -> jobs.release(job.id(), owner));
    } catch (RuntimeException e) {
      log.warn("Releasing the lease on job {} failed (it expires): {}", job.id(), e.toString());
    }
  }

  private static void sleepQuietly(Duration pause) {
    try {
      Thread.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    loop.close();
  }

  /** Another replica runs the job now: what this slice did is rolled back. */
  private static final class LostLease extends RuntimeException {
    LostLease() {
      super("the lease on the job was lost", null, false, false);
    }
  }

  /** An item was refused: the slice is rolled back and done again with it recorded as failed. */
  private static final class ItemRefused extends RuntimeException {
    final long index;
    final DomainException failure;

    /** The database being away is no fault of the item: the slice is tried again later. */
    static RuntimeException of(long index, DomainException failure) {
      return failure instanceof UnavailableException ? failure : new ItemRefused(index, failure);
    }

    ItemRefused(long index, DomainException failure) {
      super("item " + index + " was refused", null, false, false);
      this.index = index;
      this.failure = failure;
    }
  }
}
