package io.switchboard.application.fakes;

import io.switchboard.application.port.JobRepository;
import io.switchboard.application.port.query.FailedJobItem;
import io.switchboard.application.port.query.JobCursor;
import io.switchboard.application.port.query.JobFilter;
import io.switchboard.application.port.query.JobItem;
import io.switchboard.application.port.query.Page;
import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.error.AlreadyExistsException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.job.Job;
import io.switchboard.domain.job.JobId;
import io.switchboard.domain.job.JobItemResult;
import io.switchboard.domain.job.JobState;
import io.switchboard.domain.org.OrganizationId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/** Jobs in memory, each row with its items and lease, as the jOOQ adapter keeps them. */
public final class InMemoryJobRepository implements JobRepository {
  /** PostgreSQL orders uuids by unsigned bytes, as their text does. */
  private static final Comparator<Job> OLDEST_FIRST =
      Comparator.comparing(Job::createTime).thenComparing(j -> j.id().value().toString());

  record Row(
      Job job,
      List<JobItem> items,
      List<Optional<JobItemResult>> results,
      Optional<String> leaseHolder,
      Optional<Instant> leaseUntil) {
    Row with(Job next) {
      return new Row(next, items, results, leaseHolder, leaseUntil);
    }

    Row leased(Optional<String> holder, Optional<Instant> until) {
      return new Row(job, items, results, holder, until);
    }

    Row copy() {
      return new Row(
          job, new ArrayList<>(items), new ArrayList<>(results), leaseHolder, leaseUntil);
    }
  }

  static LinkedHashMap<JobId, Row> copy(LinkedHashMap<JobId, Row> rows) {
    var copy = new LinkedHashMap<JobId, Row>();
    rows.forEach((id, row) -> copy.put(id, row.copy()));
    return copy;
  }

  private final InMemoryDatabase db;

  public InMemoryJobRepository(InMemoryDatabase db) {
    this.db = db;
  }

  @Override
  public void insert(Job job) {
    db.requireOrganization(job.organizationId());
    db.jobs.write(all -> {
      boolean duplicate =
          all.values().stream()
              .anyMatch(r ->
                  r.job().organizationId().equals(job.organizationId())
                      && r.job().requestId().equals(job.requestId()));
      if (duplicate || all.containsKey(job.id())) {
        throw new AlreadyExistsException(
            Reason.ALREADY_EXISTS, "a job with request id " + job.requestId() + " exists");
      }
      return all.put(
          job.id(),
          new Row(job, new ArrayList<>(), new ArrayList<>(), Optional.empty(), Optional.empty()));
    });
  }

  @Override
  public void appendItems(JobId id, List<JobItem> items) {
    db.jobs.write(all -> {
      Row row = row(all, id);
      for (JobItem item : items) {
        if (item.index() != row.items().size()) {
          throw new IllegalStateException("item " + item.index() + " is out of order");
        }
        row.items().add(item);
        row.results().add(Optional.empty());
      }
      return null;
    });
  }

  @Override
  public void update(Job job) {
    db.jobs.write(all -> all.put(job.id(), row(all, job.id()).with(job)));
  }

  @Override
  public Optional<Job> find(OrganizationId organizationId, JobId id) {
    return db.jobs.read(all ->
        Optional.ofNullable(all.get(id))
            .map(Row::job)
            .filter(j -> j.organizationId().equals(organizationId)));
  }

  @Override
  public Optional<Job> findByRequestId(OrganizationId organizationId, RequestId requestId) {
    return db.jobs.read(all ->
        all.values().stream()
            .map(Row::job)
            .filter(j -> j.organizationId().equals(organizationId))
            .filter(j -> j.requestId().equals(requestId))
            .findFirst());
  }

  @Override
  public Optional<Job> lock(JobId id) {
    return db.jobs.read(all -> Optional.ofNullable(all.get(id)).map(Row::job));
  }

  @Override
  public Page<Job, JobCursor> list(
      OrganizationId organizationId, JobFilter filter, Optional<JobCursor> after, int limit) {
    Comparator<Job> newestFirst = OLDEST_FIRST.reversed();
    return db.jobs.read(all -> {
      List<Job> rest =
          all.values().stream()
              .map(Row::job)
              .filter(j -> j.organizationId().equals(organizationId))
              .filter(j -> filter.kind().map(k -> k == j.kind()).orElse(true))
              .filter(j -> filter.done().map(d -> d == j.isDone()).orElse(true))
              .sorted(newestFirst)
              .filter(j ->
                  after
                      .map(a ->
                          j.createTime().isBefore(a.createTime())
                              || (j.createTime().equals(a.createTime())
                                  && j.id().value().toString().compareTo(a.id().value().toString())
                                      < 0))
                      .orElse(true))
              .toList();
      List<Job> page = rest.stream().limit(limit).toList();
      Optional<JobCursor> next =
          rest.size() > limit
              ? Optional.of(new JobCursor(page.getLast().createTime(), page.getLast().id()))
              : Optional.empty();
      return new Page<>(page, next, Optional.empty());
    });
  }

  @Override
  public Optional<Job> claim(String owner, Duration ttl) {
    Instant now = db.clock.instant();
    return db.jobs.write(all ->
        all.values().stream()
            .filter(r -> !r.job().isDone())
            .filter(r ->
                r.leaseHolder().map(owner::equals).orElse(true)
                    || r.leaseUntil().map(now::isAfter).orElse(true))
            .min(Comparator.comparing(Row::job, OLDEST_FIRST))
            .map(r -> {
              all.put(r.job().id(), r.leased(Optional.of(owner), Optional.of(now.plus(ttl))));
              return r.job();
            }));
  }

  @Override
  public boolean renew(JobId id, String owner, Duration ttl) {
    Instant now = db.clock.instant();
    return db.jobs.write(all -> {
      Row row = all.get(id);
      if (row == null || !row.leaseHolder().map(owner::equals).orElse(false)) {
        return false;
      }
      all.put(id, row.leased(row.leaseHolder(), Optional.of(now.plus(ttl))));
      return true;
    });
  }

  @Override
  public void release(JobId id, String owner) {
    db.jobs.write(all -> {
      Row row = all.get(id);
      if (row != null && row.leaseHolder().map(owner::equals).orElse(false)) {
        all.put(id, row.leased(Optional.empty(), Optional.empty()));
      }
      return null;
    });
  }

  @Override
  public List<JobItem> items(JobId id, long fromIndex, int limit) {
    return db.jobs.read(all -> {
      List<JobItem> items = row(all, id).items();
      int from = (int) Math.min(fromIndex, items.size());
      return List.copyOf(items.subList(from, Math.min(items.size(), from + limit)));
    });
  }

  @Override
  public void recordResults(JobId id, List<JobItemResult> results) {
    db.jobs.write(all -> {
      Row row = row(all, id);
      for (JobItemResult result : results) {
        row.results().set((int) result.index(), Optional.of(result));
      }
      return null;
    });
  }

  @Override
  public List<FailedJobItem> failures(JobId id, long afterIndex, int limit) {
    return db.jobs.read(all -> {
      Row row = row(all, id);
      List<FailedJobItem> failed = new ArrayList<>();
      for (int i = (int) Math.max(0, afterIndex + 1); i < row.results().size(); i++) {
        Optional<JobItemResult> result = row.results().get(i);
        if (result.isPresent() && result.get().reason().isPresent()) {
          failed.add(
              new FailedJobItem(
                  i,
                  row.items().get(i).label(),
                  result.get().reason().get(),
                  result.get().message().orElse("")));
          if (failed.size() == limit) {
            break;
          }
        }
      }
      return failed;
    });
  }

  @Override
  public long countRunning() {
    return db.jobs.read(
        all -> all.values().stream().filter(r -> r.job().state() == JobState.RUNNING).count());
  }

  /** Every item's recorded result (empty while not applied), for assertions. */
  public List<Optional<JobItemResult>> results(JobId id) {
    return db.jobs.read(all -> List.copyOf(row(all, id).results()));
  }

  private static Row row(LinkedHashMap<JobId, Row> all, JobId id) {
    Row row = all.get(id);
    if (row == null) {
      throw new IllegalStateException("no job " + id);
    }
    return row;
  }
}
