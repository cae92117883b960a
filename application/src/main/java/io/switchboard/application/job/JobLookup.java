package io.switchboard.application.job;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.port.JobRepository;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.job.Job;
import io.switchboard.domain.job.JobId;

/** The caller's organization's job, or JOB_NOT_FOUND (another organization's job included). */
public final class JobLookup {
  private final JobRepository jobs;

  public JobLookup(JobRepository jobs) {
    this.jobs = jobs;
  }

  Job find(RequestContext ctx, JobId id) {
    return jobs.find(ctx.organizationId(), id).orElseThrow(() -> notFound(id));
  }

  static NotFoundException notFound(JobId id) {
    return NotFoundException.of(Reason.JOB_NOT_FOUND, id.toString());
  }
}
