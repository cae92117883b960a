package io.switchboard.application.job;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.JobRepository;
import io.switchboard.application.port.query.JobItem;
import io.switchboard.domain.error.AlreadyExistsException;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.job.Job;
import io.switchboard.domain.job.JobId;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Stores the job and its items as they stream in; the transaction commits at the stream's end. */
public final class StartJobService implements StartJobUseCase {
  private final JobRepository jobs;
  private final UseCaseSteps steps;
  private final Clock clock;
  private final Supplier<JobId> ids;

  public StartJobService(JobRepository jobs, UseCaseSteps steps, Clock clock, Supplier<JobId> ids) {
    this.jobs = jobs;
    this.steps = steps;
    this.clock = clock;
    this.ids = ids;
  }

  @Override
  public Job start(RequestContext ctx, Command command) {
    try {
      return steps.inTransaction(
          ctx,
          JobScopes.toStart(command.kind(), command.returnToCarrier()),
          () -> store(ctx, command));
    } catch (AlreadyExistsException e) {
      // the same request id raced us: the job the other call stored is the answer
      return jobs.findByRequestId(ctx.organizationId(), command.requestId())
          .map(existing -> sameKind(existing, command))
          .orElseThrow(() -> e);
    }
  }

  private Job store(RequestContext ctx, Command command) {
    Optional<Job> existing = jobs.findByRequestId(ctx.organizationId(), command.requestId());
    if (existing.isPresent()) {
      return sameKind(existing.get(), command);
    }
    Job job =
        Job.submit(
            ids.get(),
            ctx.organizationId(),
            command.kind(),
            command.requestId(),
            ctx.principal().keyId(),
            ctx.principal().scopes(),
            command.returnToCarrier(),
            clock.instant());
    jobs.insert(job);
    long total = 0;
    while (command.chunks().hasNext()) {
      List<JobItem> chunk = command.chunks().next();
      if (chunk.size() > MAX_CHUNK) {
        throw InvalidArgumentException.of(
            "items", "a chunk holds at most " + MAX_CHUNK + " items, not " + chunk.size());
      }
      for (JobItem item : chunk) {
        if (item.index() != total) {
          throw new IllegalArgumentException("item " + item.index() + " is out of order");
        }
        total++;
      }
      if (total > Job.MAX_ITEMS) {
        throw InvalidArgumentException.of(
            "items", "a job holds at most " + Job.MAX_ITEMS + " items");
      }
      jobs.appendItems(job.id(), chunk);
    }
    if (total == 0) {
      throw InvalidArgumentException.of("items", "a job needs at least one item");
    }
    Job stored = job.withTotal(total);
    jobs.update(stored);
    return stored;
  }

  private static Job sameKind(Job existing, Command command) {
    if (existing.kind() != command.kind()) {
      throw InvalidArgumentException.withReason(
          Reason.IDEMPOTENCY_KEY_REUSED,
          "request_id",
          "was used for a " + existing.kind().wireName() + " job");
    }
    return existing;
  }
}
