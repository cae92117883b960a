package io.switchboard.application.job;

import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.job.Job;
import io.switchboard.domain.job.JobId;
import java.time.Duration;

/** The job once it is done, or as it is when {@code timeout} (capped) has passed. */
public interface WaitJobUseCase {
  Job await(RequestContext ctx, JobId id, Duration timeout);
}
