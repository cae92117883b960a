package io.switchboard.application.port;

import io.switchboard.application.port.query.FailedJobItem;
import io.switchboard.application.port.query.JobCursor;
import io.switchboard.application.port.query.JobFilter;
import io.switchboard.application.port.query.JobItem;
import io.switchboard.application.port.query.Page;
import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.job.Job;
import io.switchboard.domain.job.JobId;
import io.switchboard.domain.job.JobItemResult;
import io.switchboard.domain.org.OrganizationId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Bulk jobs and their items. A job is run by one replica at a time: the holder of its lease, which
 * expires unless renewed (by the database's clock, so replicas with skewed clocks agree).
 */
public interface JobRepository {
  /** Stores a new job; a second job with the same request id in the organization already exists. */
  void insert(Job job);

  /**
   * Stores items in one multi-row write; their indexes are given, counted over the whole upload.
   */
  void appendItems(JobId id, List<JobItem> items);

  /** Writes the job's state, counts, total, cancel request and times. */
  void update(Job job);

  Optional<Job> find(OrganizationId organizationId, JobId id);

  Optional<Job> findByRequestId(OrganizationId organizationId, RequestId requestId);

  /** The job, locked until the transaction ends (cancels and progress queue up behind it). */
  Optional<Job> lock(JobId id);

  /** The organization's jobs, newest first. */
  Page<Job, JobCursor> list(
      OrganizationId organizationId, JobFilter filter, Optional<JobCursor> after, int limit);

  /**
   * Leases the oldest job not done whose lease is free, expired or already this owner's; empty when
   * there is none.
   */
  Optional<Job> claim(String owner, Duration ttl);

  /**
   * Extends this owner's lease on the job and locks its row; false when another replica holds it
   * now.
   */
  boolean renew(JobId id, String owner, Duration ttl);

  /** Gives up this owner's lease on the job, so another replica may take it at once. */
  void release(JobId id, String owner);

  /** Items from {@code fromIndex} on, in order, at most {@code limit}. */
  List<JobItem> items(JobId id, long fromIndex, int limit);

  /** Records what became of applied items. */
  void recordResults(JobId id, List<JobItemResult> results);

  /** The failed items after {@code afterIndex} (-1: from the first), in item order. */
  List<FailedJobItem> failures(JobId id, long afterIndex, int limit);

  /** How many jobs are running on any replica. */
  long countRunning();
}
