package io.switchboard.application.job;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.JobRepository;
import io.switchboard.domain.job.Job;
import io.switchboard.domain.job.JobId;
import io.switchboard.domain.org.Scope;
import java.time.Clock;

public final class CancelJobService implements CancelJobUseCase {
  private final JobRepository jobs;
  private final JobLookup lookup;
  private final UseCaseSteps steps;
  private final Clock clock;

  public CancelJobService(JobRepository jobs, JobLookup lookup, UseCaseSteps steps, Clock clock) {
    this.jobs = jobs;
    this.lookup = lookup;
    this.steps = steps;
    this.clock = clock;
  }

  @Override
  public Job cancel(RequestContext ctx, JobId id) {
    return steps.inTransaction(
        ctx,
        Scope.NUMBERS_READ,
        () -> {
          Job found = lookup.find(ctx, id);
          // cancelling takes the scope that starts a job of its kind
          JobScopes.toStart(found.kind(), found.returnToCarrier()).forEach(ctx::require);
          Job current = jobs.lock(id).orElseThrow(() -> JobLookup.notFound(id));
          Job next = current.cancelRequested(clock.instant());
          if (!next.equals(current)) {
            jobs.update(next);
          }
          return next;
        });
  }
}
