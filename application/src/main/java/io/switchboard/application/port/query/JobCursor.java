package io.switchboard.application.port.query;

import io.switchboard.domain.job.JobId;
import java.time.Instant;
import java.util.Objects;

/** Where a newest-first list of jobs continues: after this job. */
public record JobCursor(Instant createTime, JobId id) {
  public JobCursor {
    Objects.requireNonNull(createTime, "createTime");
    Objects.requireNonNull(id, "id");
  }
}
