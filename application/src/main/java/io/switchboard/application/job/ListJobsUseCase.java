package io.switchboard.application.job;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.port.query.JobCursor;
import io.switchboard.application.port.query.JobFilter;
import io.switchboard.application.port.query.Page;
import io.switchboard.domain.job.Job;
import java.util.Optional;

/** The caller's organization's jobs, newest first. */
public interface ListJobsUseCase {
  Page<Job, JobCursor> list(
      RequestContext ctx, JobFilter filter, Optional<JobCursor> after, int pageSize);
}
