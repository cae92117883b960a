package io.switchboard.application.job;

import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.job.Job;
import io.switchboard.domain.job.JobId;

/**
 * Asks a job to stop: a pending one stops at once, a running one before its next slice of items
 * (items not yet applied are left alone); a done job is unchanged.
 */
public interface CancelJobUseCase {
  Job cancel(RequestContext ctx, JobId id);
}
