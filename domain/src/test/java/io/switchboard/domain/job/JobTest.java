package io.switchboard.domain.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.org.ApiKeyId;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.org.Scope;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobTest {
  private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
  private static final Instant T1 = T0.plusSeconds(1);

  private static Job pending(long total) {
    return Job.submit(
            JobId.random(),
            OrganizationId.random(),
            JobKind.IMPORT,
            new RequestId("job-1"),
            ApiKeyId.random(),
            Set.of(Scope.INVENTORY_WRITE),
            false,
            T0)
        .withTotal(total);
  }

  @Test
  void runs_from_pending_to_succeeded_counting_every_item() {
    Job job = pending(3).started(T1);
    job = job.progressed(new JobCounts(1, 1, 0), T1).progressed(new JobCounts(0, 0, 1), T1);

    Job done = job.succeeded(T1);

    assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(done.cursor()).isEqualTo(3);
    assertThat(done.counts()).isEqualTo(new JobCounts(1, 1, 1));
    assertThat(done.startTime()).contains(T1);
    assertThat(done.endTime()).contains(T1);
  }

  @Test
  void refuses_to_succeed_with_items_left() {
    Job job = pending(3).started(T1).progressed(new JobCounts(2, 0, 0), T1);
    assertThatThrownBy(() -> job.succeeded(T1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void refuses_to_count_more_items_than_it_holds() {
    Job job = pending(1).started(T1);
    assertThatThrownBy(() -> job.progressed(new JobCounts(2, 0, 0), T1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refuses_progress_unless_running() {
    assertThatThrownBy(() -> pending(2).progressed(new JobCounts(1, 0, 0), T1))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void taking_over_a_running_job_changes_nothing() {
    Job running = pending(2).started(T0);
    assertThat(running.started(T1)).isEqualTo(running);
  }

  @Test
  void a_pending_job_cancels_at_once_a_running_one_between_items() {
    assertThat(pending(2).cancelRequested(T1).state()).isEqualTo(JobState.CANCELLED);

    Job running = pending(2).started(T0).cancelRequested(T1);
    assertThat(running.state()).isEqualTo(JobState.RUNNING);
    assertThat(running.cancelRequested()).isTrue();
    assertThat(running.cancelled(T1).state()).isEqualTo(JobState.CANCELLED);
  }

  @Test
  void cancelling_a_done_job_changes_nothing() {
    Job done = pending(1).started(T0).progressed(new JobCounts(1, 0, 0), T0).succeeded(T0);
    assertThat(done.cancelRequested(T1)).isEqualTo(done);
  }

  @Test
  void refuses_to_cancel_without_a_request_or_to_end_twice() {
    Job running = pending(1).started(T0);
    assertThatThrownBy(() -> running.cancelled(T1)).isInstanceOf(IllegalStateException.class);
    Job failed = running.failed("the database refused", T1);
    assertThat(failed.error()).contains("the database refused");
    assertThatThrownBy(() -> failed.failed("again", T1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void only_a_release_job_returns_numbers_to_the_carrier() {
    assertThatThrownBy(() ->
            Job.submit(
                JobId.random(),
                OrganizationId.random(),
                JobKind.UPDATE,
                new RequestId("r"),
                ApiKeyId.random(),
                Set.of(),
                true,
                T0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void an_item_has_a_reason_exactly_when_it_failed() {
    assertThat(JobItemResult.failed(4, Reason.ETAG_MISMATCH, "stale").reason())
        .contains(Reason.ETAG_MISMATCH);
    assertThatThrownBy(() ->
            new JobItemResult(
                0, ItemOutcome.SUCCEEDED, Optional.of(Reason.ETAG_MISMATCH), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void job_ids_parse_from_their_text() {
    JobId id = JobId.random();
    assertThat(JobId.parse(id.toString())).isEqualTo(id);
    assertThatThrownBy(() -> JobId.parse("nope")).isInstanceOf(RuntimeException.class);
  }
}
