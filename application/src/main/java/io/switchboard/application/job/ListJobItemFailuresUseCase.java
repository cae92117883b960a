package io.switchboard.application.job;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.port.query.FailedJobItem;
import io.switchboard.application.port.query.Page;
import io.switchboard.domain.job.JobId;
import java.util.Optional;

/** The items of a job that failed, in item order; a page continues after an item index. */
public interface ListJobItemFailuresUseCase {
  Page<FailedJobItem, Long> list(
      RequestContext ctx, JobId id, Optional<Long> afterIndex, int pageSize);
}
