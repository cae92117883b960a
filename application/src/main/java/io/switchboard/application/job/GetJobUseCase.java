package io.switchboard.application.job;

import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.job.Job;
import io.switchboard.domain.job.JobId;

/** A job of the caller's organization, with its progress. */
public interface GetJobUseCase {
  Job get(RequestContext ctx, JobId id);
}
