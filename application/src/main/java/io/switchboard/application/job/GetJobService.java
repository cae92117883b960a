package io.switchboard.application.job;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.domain.job.Job;
import io.switchboard.domain.job.JobId;
import io.switchboard.domain.org.Scope;

public final class GetJobService implements GetJobUseCase {
  private final JobLookup lookup;
  private final UseCaseSteps steps;

  public GetJobService(JobLookup lookup, UseCaseSteps steps) {
    this.lookup = lookup;
    this.steps = steps;
  }

  @Override
  public Job get(RequestContext ctx, JobId id) {
    return steps.read(ctx, Scope.NUMBERS_READ, () -> lookup.find(ctx, id));
  }
}
