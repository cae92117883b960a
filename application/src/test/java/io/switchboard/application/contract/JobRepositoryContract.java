package io.switchboard.application.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.application.port.JobRepository;
import io.switchboard.application.port.query.FailedJobItem;
import io.switchboard.application.port.query.JobFilter;
import io.switchboard.application.port.query.JobItem;
import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.error.AlreadyExistsException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.job.ItemOutcome;
import io.switchboard.domain.job.Job;
import io.switchboard.domain.job.JobCounts;
import io.switchboard.domain.job.JobId;
import io.switchboard.domain.job.JobItemResult;
import io.switchboard.domain.job.JobKind;
import io.switchboard.domain.job.JobState;
import io.switchboard.domain.org.ApiKeyId;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.org.Scope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The job store: jobs, their items and outcomes, and the lease one replica runs a job under. */
public abstract class JobRepositoryContract extends PortContract {
  private static final Duration LEASE = Duration.ofSeconds(30);

  private JobRepository jobs() {
    return ports().jobs();
  }

  private Job newJob(OrganizationId org, JobKind kind, Instant at, int items) {
    Job job =
        Job.submit(
            JobId.random(),
            org,
            kind,
            new RequestId("req-" + UUID.randomUUID()),
            ApiKeyId.random(),
            Set.of(Scope.NUMBERS_WRITE, Scope.NUMBERS_READ),
            kind == JobKind.RELEASE,
            at);
    jobs().insert(job);
    List<JobItem> stored = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      stored.add(new JobItem(i, ("payload-" + i).getBytes(StandardCharsets.UTF_8), "+1208555" + i));
    }
    jobs().appendItems(job.id(), stored);
    Job withTotal = job.withTotal(items);
    jobs().update(withTotal);
    return withTotal;
  }

  /** Ends every job another test left runnable, so a claim here can only find this test's. */
  private void finishOthers() {
    String sweeper = "sweeper-" + UUID.randomUUID();
    for (Optional<Job> next = jobs().claim(sweeper, LEASE);
        next.isPresent();
        next = jobs().claim(sweeper, LEASE)) {
      jobs().update(next.get().failed("swept", Samples.T0));
      jobs().release(next.get().id(), sweeper);
    }
  }

  @Test
  void a_job_reads_back_with_every_field_by_id_and_by_request_id_in_its_organization_only() {
    OrganizationId org = newOrganization();
    Job job = newJob(org, JobKind.RELEASE, Samples.T0, 3);

    assertThat(jobs().find(org, job.id())).contains(job);
    assertThat(jobs().findByRequestId(org, job.requestId())).contains(job);
    assertThat(jobs().lock(job.id())).contains(job);
    OrganizationId stranger = newOrganization();
    assertThat(jobs().find(stranger, job.id())).isEmpty();
    assertThat(jobs().findByRequestId(stranger, job.requestId())).isEmpty();

    Job progressed =
        job.started(Samples.T0.plusSeconds(1))
            .progressed(new JobCounts(1, 0, 1), Samples.T0.plusSeconds(2))
            .cancelRequested(Samples.T0.plusSeconds(3));
    jobs().update(progressed);
    assertThat(jobs().find(org, job.id())).contains(progressed);
  }

  @Test
  void a_request_id_starts_one_job_per_organization() {
    OrganizationId org = newOrganization();
    Job job = newJob(org, JobKind.UPDATE, Samples.T0, 1);
    Job again =
        Job.submit(
            JobId.random(),
            org,
            JobKind.UPDATE,
            job.requestId(),
            ApiKeyId.random(),
            Set.of(),
            false,
            Samples.T0);

    assertThatThrownBy(() -> jobs().insert(again)).isInstanceOf(AlreadyExistsException.class);
    OrganizationId other = newOrganization();
    jobs()
        .insert(
            Job.submit(
                JobId.random(),
                other,
                JobKind.UPDATE,
                job.requestId(),
                ApiKeyId.random(),
                Set.of(),
                false,
                Samples.T0));
  }

  @Test
  void items_read_back_in_order_from_an_index_and_failures_list_in_item_order() {
    Job job = newJob(newOrganization(), JobKind.UPDATE, Samples.T0, 5);

    List<JobItem> items = jobs().items(job.id(), 2, 2);
    assertThat(items).extracting(JobItem::index).containsExactly(2L, 3L);
    assertThat(new String(items.getFirst().payload(), StandardCharsets.UTF_8))
        .isEqualTo("payload-2");
    assertThat(items.getFirst().label()).isEqualTo("+12085552");
    assertThat(jobs().items(job.id(), 5, 10)).isEmpty();

    jobs()
        .recordResults(
            job.id(),
            List.of(
                JobItemResult.of(0, ItemOutcome.SUCCEEDED),
                JobItemResult.failed(1, Reason.ETAG_MISMATCH, "stale"),
                JobItemResult.of(2, ItemOutcome.UNCHANGED),
                JobItemResult.failed(3, Reason.PHONE_NUMBER_NOT_FOUND, "not found")));

    assertThat(jobs().failures(job.id(), -1, 10))
        .containsExactly(
            new FailedJobItem(1, "+12085551", Reason.ETAG_MISMATCH, "stale"),
            new FailedJobItem(3, "+12085553", Reason.PHONE_NUMBER_NOT_FOUND, "not found"));
    assertThat(jobs().failures(job.id(), 1, 10))
        .extracting(FailedJobItem::index)
        .containsExactly(3L);
    assertThat(jobs().failures(job.id(), -1, 1)).hasSize(1);
  }

  @Test
  void an_organizations_jobs_list_newest_first_filtered_page_by_page() {
    OrganizationId org = newOrganization();
    Job oldest = newJob(org, JobKind.IMPORT, Samples.T0, 1);
    Job middle = newJob(org, JobKind.UPDATE, Samples.T0.plusSeconds(1), 1);
    Job newest = newJob(org, JobKind.IMPORT, Samples.T0.plusSeconds(2), 1);
    Job done = newest.cancelRequested(Samples.T0.plusSeconds(3));
    jobs().update(done);
    newJob(newOrganization(), JobKind.IMPORT, Samples.T0.plusSeconds(5), 1);

    var first = jobs().list(org, JobFilter.ALL, Optional.empty(), 2);
    assertThat(first.items()).containsExactly(done, middle);
    assertThat(jobs().list(org, JobFilter.ALL, first.next(), 2).items()).containsExactly(oldest);
    assertThat(
            jobs()
                .list(
                    org,
                    new JobFilter(Optional.of(JobKind.IMPORT), Optional.empty()),
                    Optional.empty(),
                    10)
                .items())
        .containsExactly(done, oldest);
    assertThat(
            jobs()
                .list(org, new JobFilter(Optional.empty(), Optional.of(true)), Optional.empty(), 10)
                .items())
        .containsExactly(done);
    assertThat(
            jobs()
                .list(
                    org, new JobFilter(Optional.empty(), Optional.of(false)), Optional.empty(), 10)
                .items())
        .containsExactly(middle, oldest);
  }

  @Test
  void one_replica_holds_a_job_until_it_gives_it_back_or_its_lease_expires() throws Exception {
    finishOthers();
    Job job = newJob(newOrganization(), JobKind.UPDATE, Samples.T0, 2);

    assertThat(jobs().claim("a", LEASE)).map(Job::id).contains(job.id());
    assertThat(jobs().claim("b", LEASE)).isEmpty();
    assertThat(jobs().claim("a", LEASE)).as("its own lease").map(Job::id).contains(job.id());
    assertThat(jobs().renew(job.id(), "a", LEASE)).isTrue();
    assertThat(jobs().renew(job.id(), "b", LEASE)).isFalse();

    jobs().release(job.id(), "b");
    assertThat(jobs().claim("b", LEASE)).as("only the holder gives it back").isEmpty();
    jobs().release(job.id(), "a");
    assertThat(jobs().claim("b", Duration.ofMillis(1))).map(Job::id).contains(job.id());
    Thread.sleep(20);
    assertThat(jobs().claim("c", LEASE)).as("an expired lease").map(Job::id).contains(job.id());
    assertThat(jobs().renew(job.id(), "b", LEASE)).isFalse();

    Job running = job.started(Samples.T0);
    jobs().update(running);
    assertThat(jobs().countRunning()).isGreaterThanOrEqualTo(1);
    jobs().update(running.progressed(new JobCounts(2, 0, 0), Samples.T0).succeeded(Samples.T0));
    jobs().release(job.id(), "c");
    assertThat(jobs().claim("d", LEASE)).as("a done job is never claimed").isEmpty();
    assertThat(jobs().find(job.organizationId(), job.id()).orElseThrow().state())
        .isEqualTo(JobState.SUCCEEDED);
  }
}
