package io.switchboard.application.job;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.JobRepository;
import io.switchboard.application.port.query.FailedJobItem;
import io.switchboard.application.port.query.Page;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.job.JobId;
import io.switchboard.domain.org.Scope;
import java.util.List;
import java.util.Optional;

public final class ListJobItemFailuresService implements ListJobItemFailuresUseCase {
  private final JobRepository jobs;
  private final JobLookup lookup;
  private final UseCaseSteps steps;

  public ListJobItemFailuresService(JobRepository jobs, JobLookup lookup, UseCaseSteps steps) {
    this.jobs = jobs;
    this.lookup = lookup;
    this.steps = steps;
  }

  @Override
  public Page<FailedJobItem, Long> list(
      RequestContext ctx, JobId id, Optional<Long> afterIndex, int pageSize) {
    if (pageSize < 1 || pageSize > ListJobsService.MAX_PAGE) {
      throw InvalidArgumentException.of("page_size", "must be 1.." + ListJobsService.MAX_PAGE);
    }
    return steps.read(
        ctx,
        Scope.NUMBERS_READ,
        () -> {
          lookup.find(ctx, id);
          List<FailedJobItem> rows = jobs.failures(id, afterIndex.orElse(-1L), pageSize + 1);
          List<FailedJobItem> page = rows.size() > pageSize ? rows.subList(0, pageSize) : rows;
          Optional<Long> next =
              rows.size() > pageSize ? Optional.of(page.getLast().index()) : Optional.empty();
          return new Page<>(page, next, Optional.empty());
        });
  }
}
