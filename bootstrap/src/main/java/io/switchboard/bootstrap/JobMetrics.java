package io.switchboard.bootstrap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.application.job.JobObserver;
import io.switchboard.application.port.JobRepository;
import io.switchboard.application.port.Transactions;
import io.switchboard.domain.job.ItemOutcome;
import io.switchboard.domain.job.JobCounts;
import io.switchboard.domain.job.JobKind;
import io.switchboard.domain.job.JobState;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code switchboard_jobs_total{kind,outcome}} (jobs this replica ended: succeeded, cancelled,
 * failed), {@code switchboard_job_items_total{kind,outcome}} (items this replica applied:
 * succeeded, unchanged, failed) and {@code switchboard_jobs_running}: jobs running on any replica,
 * read from the database when scraped (the same figure on every replica).
 */
final class JobMetrics implements JobObserver {
  static final String JOBS = "switchboard.jobs";
  static final String ITEMS = "switchboard.job.items";
  static final String RUNNING = "switchboard.jobs.running";

  private final MeterRegistry registry;

  JobMetrics(MeterRegistry registry, JobRepository jobs, Transactions tx) {
    this.registry = registry;
    Gauge.builder(RUNNING, () -> tx.read(Optional.empty(), jobs::countRunning))
        .description("Bulk jobs running, on any replica")
        .register(registry);
  }

  @Override
  public void itemsProcessed(JobKind kind, JobCounts slice) {
    items(kind, ItemOutcome.SUCCEEDED).increment(slice.succeeded());
    items(kind, ItemOutcome.UNCHANGED).increment(slice.unchanged());
    items(kind, ItemOutcome.FAILED).increment(slice.failed());
  }

  @Override
  public void jobEnded(JobKind kind, JobState state) {
    Counter.builder(JOBS)
        .description("Bulk jobs ended on this replica, by kind and outcome")
        .tag("kind", kind.wireName())
        .tag("outcome", state.name().toLowerCase(Locale.ROOT))
        .register(registry)
        .increment();
  }

  private Counter items(JobKind kind, ItemOutcome outcome) {
    return Counter.builder(ITEMS)
        .description("Bulk job items applied on this replica, by kind and outcome")
        .tag("kind", kind.wireName())
        .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
        .register(registry);
  }
}
