package io.switchboard.application.job;

import io.switchboard.domain.job.JobCounts;
import io.switchboard.domain.job.JobKind;
import io.switchboard.domain.job.JobState;

/** Told what the job runner did, for metrics. */
public interface JobObserver {
  JobObserver NONE = new JobObserver() {};

  /** A slice of a job's items was applied and committed with these outcomes. */
  default void itemsProcessed(JobKind kind, JobCounts slice) {}

  /** A job ended (SUCCEEDED, CANCELLED or FAILED) on this replica. */
  default void jobEnded(JobKind kind, JobState state) {}
}
