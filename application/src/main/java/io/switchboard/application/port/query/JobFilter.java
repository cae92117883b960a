package io.switchboard.application.port.query;

import io.switchboard.domain.job.JobKind;
import java.util.Objects;
import java.util.Optional;

/** Which of an organization's jobs to list: of one kind, and/or done or not. */
public record JobFilter(Optional<JobKind> kind, Optional<Boolean> done) {
  public static final JobFilter ALL = new JobFilter(Optional.empty(), Optional.empty());

  public JobFilter {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(done, "done");
  }
}
