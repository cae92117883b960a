package io.switchboard.application.job;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.JobRepository;
import io.switchboard.application.port.query.JobCursor;
import io.switchboard.application.port.query.JobFilter;
import io.switchboard.application.port.query.Page;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.job.Job;
import io.switchboard.domain.org.Scope;
import java.util.Optional;

public final class ListJobsService implements ListJobsUseCase {
  static final int MAX_PAGE = 1000;

  private final JobRepository jobs;
  private final UseCaseSteps steps;

  public ListJobsService(JobRepository jobs, UseCaseSteps steps) {
    this.jobs = jobs;
    this.steps = steps;
  }

  @Override
  public Page<Job, JobCursor> list(
      RequestContext ctx, JobFilter filter, Optional<JobCursor> after, int pageSize) {
    if (pageSize < 1 || pageSize > MAX_PAGE) {
      throw InvalidArgumentException.of("page_size", "must be 1.." + MAX_PAGE);
    }
    return steps.read(
        ctx, Scope.NUMBERS_READ, () -> jobs.list(ctx.organizationId(), filter, after, pageSize));
  }
}
