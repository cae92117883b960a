package io.switchboard.application.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.application.UseCaseFixture;
import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.fakes.InMemoryJobRepository;
import io.switchboard.application.number.UpdatePhoneNumberUseCase;
import io.switchboard.application.port.query.FailedJobItem;
import io.switchboard.application.port.query.JobFilter;
import io.switchboard.application.port.query.JobItem;
import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.common.Money;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.error.DomainException;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.PermissionDeniedException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.inventory.AvailableNumber;
import io.switchboard.domain.job.ItemOutcome;
import io.switchboard.domain.job.Job;
import io.switchboard.domain.job.JobCounts;
import io.switchboard.domain.job.JobItemResult;
import io.switchboard.domain.job.JobKind;
import io.switchboard.domain.job.JobState;
import io.switchboard.domain.number.Capabilities;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.NumberType;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.routing.Label;
import io.switchboard.domain.routing.RoutingPatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bulk jobs on the fakes: upload, run in slices, resume, cancel, per-item failures. */
class JobsTest {
  private static final Duration LEASE = Duration.ofSeconds(30);

  private final UseCaseFixture app = UseCaseFixture.start();
  private final UseCaseFixture.Tenant acme = app.tenant("acme");
  private final UseCaseFixture.Tenant other = app.tenant("other");

  /** Payloads as text: an import's number, an update's "id|label", a release's number. */
  private final JobItemCodec codec =
      new JobItemCodec() {
        @Override
        public AvailableNumber importItem(byte[] payload) {
          E164 number = E164.parse(text(payload));
          return new AvailableNumber(
              number,
              NumberType.LOCAL,
              Capabilities.VOICE_AND_SMS,
              Money.of("1.50", "EUR"),
              number.country().value(),
              List.of(),
              app.clock().instant(),
              app.clock().instant());
        }

        @Override
        public UpdatePhoneNumberUseCase.Command updateItem(byte[] payload) {
          String[] parts = text(payload).split("\\|");
          return UpdatePhoneNumberUseCase.Command.routing(
              PhoneNumberRef.of(PhoneNumberId.parse(parts[0])),
              new RoutingPatch(
                  Patch.keep(),
                  Patch.keep(),
                  Patch.keep(),
                  Patch.set(new Label(parts[1])),
                  Patch.keep(),
                  Patch.keep()));
        }

        @Override
        public PhoneNumberRef releaseItem(byte[] payload) {
          return PhoneNumberRef.of(E164.parse(text(payload)));
        }
      };

  private final List<JobRunner> runners = new ArrayList<>();

  @AfterEach
  void stop() {
    runners.forEach(JobRunner::close);
    app.close();
  }

  private static String text(byte[] payload) {
    return new String(payload, StandardCharsets.UTF_8);
  }

  /** A replica that dies (an Error no one catches) when it reaches this item. */
  private static final class ReplicaDied extends Error {
    ReplicaDied() {
      super("the replica died");
    }
  }

  private JobRunner runner(String owner, int slice, JobObserver observer) {
    return runner(owner, slice, observer, codec);
  }

  private JobRunner runner(String owner, int slice, JobObserver observer, JobItemCodec codec) {
    var p = app.ports();
    var runner =
        new JobRunner(
            p.jobs(),
            p.transactions(),
            codec,
            app.importNumbers(),
            app.updatePhoneNumber(),
            app.releasePhoneNumber(),
            observer,
            app.clock(),
            new JobRunner.Settings(Duration.ofMillis(10), LEASE, slice),
            owner);
    runners.add(runner);
    return runner;
  }

  private static StartJobUseCase.Command command(
      JobKind kind, String requestId, List<String> payloads, int chunk) {
    List<List<JobItem>> chunks = new ArrayList<>();
    for (int first = 0; first < payloads.size(); first += chunk) {
      List<JobItem> items = new ArrayList<>();
      for (int i = first; i < Math.min(payloads.size(), first + chunk); i++) {
        String payload = payloads.get(i);
        items.add(
            new JobItem(i, payload.getBytes(StandardCharsets.UTF_8), payload.split("\\|")[0]));
      }
      chunks.add(items);
    }
    return new StartJobUseCase.Command(kind, new RequestId(requestId), false, chunks.iterator());
  }

  private Job get(RequestContext ctx, Job job) {
    return app.jobs().get().get(ctx, job.id());
  }

  private static List<String> numbers(int count) {
    List<String> numbers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      numbers.add("+1208444" + String.format("%04d", 1000 + i));
    }
    return numbers;
  }

  @Test
  void an_import_job_stores_every_item_then_imports_each_once_in_slices() {
    RequestContext ops = acme.context(Scope.INVENTORY_WRITE, Scope.NUMBERS_READ);
    List<String> numbers = numbers(7);
    app.stock(numbers.get(3)); // already in stock: unchanged

    Job stored = app.jobs().start().start(ops, command(JobKind.IMPORT, "import-1", numbers, 3));

    assertThat(stored.state()).isEqualTo(JobState.PENDING);
    assertThat(stored.totalItems()).isEqualTo(7);
    List<JobCounts> slices = new ArrayList<>();
    assertThat(runner("a", 2, observer(slices)).runOnce()).isTrue();

    Job done = get(ops, stored);
    assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(done.counts()).isEqualTo(new JobCounts(6, 1, 0));
    assertThat(slices).hasSize(4);
    assertThat(app.database().allStock().stream().map(n -> n.number().value()))
        .containsAll(numbers)
        .doesNotHaveDuplicates();
    assertThat(runner("a", 2, JobObserver.NONE).runOnce()).as("nothing left to run").isFalse();
  }

  @Test
  void a_retried_start_returns_the_stored_job_and_stores_nothing_new() {
    RequestContext ops = acme.context(Scope.INVENTORY_WRITE, Scope.NUMBERS_READ);
    Job first = app.jobs().start().start(ops, command(JobKind.IMPORT, "same", numbers(2), 5));

    Job again = app.jobs().start().start(ops, command(JobKind.IMPORT, "same", numbers(5), 5));

    assertThat(again).isEqualTo(first);
    assertThat(again.totalItems()).isEqualTo(2);
    assertThatThrownBy(() ->
            app.jobs()
                .start()
                .start(acme.quickContext(), command(JobKind.RELEASE, "same", numbers(1), 5)))
        .isInstanceOf(DomainException.class)
        .extracting(e -> ((DomainException) e).reason())
        .isEqualTo(Reason.IDEMPOTENCY_KEY_REUSED);
  }

  @Test
  void a_start_without_items_or_the_scope_stores_nothing() {
    assertThatThrownBy(() ->
            app.jobs()
                .start()
                .start(acme.quickContext(), command(JobKind.IMPORT, "empty", List.of(), 5)))
        .isInstanceOf(DomainException.class)
        .extracting(e -> ((DomainException) e).reason())
        .isEqualTo(Reason.INVALID_ARGUMENT);
    assertThatThrownBy(() ->
            app.jobs()
                .start()
                .start(
                    acme.context(Scope.NUMBERS_WRITE),
                    command(JobKind.IMPORT, "no-scope", numbers(1), 5)))
        .isInstanceOf(PermissionDeniedException.class);
    assertThat(
            app.jobs()
                .list()
                .list(acme.quickContext(), JobFilter.ALL, Optional.empty(), 10)
                .items())
        .isEmpty();
  }

  @Test
  void refused_items_fail_alone_with_their_reason_and_the_others_are_applied_as_the_jobs_key() {
    RequestContext writer = acme.context(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE);
    String first = acme.buy("+12084445001").number().id().toString();
    String second = acme.buy("+12084445002").number().id().toString();
    String missing = PhoneNumberId.random().toString();
    List<String> items = List.of(first + "|one", missing + "|x", second + "|two", missing + "|y");

    Job job = app.jobs().start().start(writer, command(JobKind.UPDATE, "update-1", items, 10));
    runner("a", 10, JobObserver.NONE).runOnce();

    Job done = get(writer, job);
    assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(done.counts()).isEqualTo(new JobCounts(2, 0, 2));
    List<FailedJobItem> failures =
        app.jobs().listFailures().list(writer, job.id(), Optional.empty(), 1).items();
    assertThat(failures)
        .singleElement()
        .satisfies(f -> {
          assertThat(f.index()).isEqualTo(1);
          assertThat(f.reason()).isEqualTo(Reason.PHONE_NUMBER_NOT_FOUND);
          assertThat(f.label()).isEqualTo(missing);
        });
    var page = app.jobs().listFailures().list(writer, job.id(), Optional.of(1L), 10);
    assertThat(page.items()).extracting(FailedJobItem::index).containsExactly(3L);

    List<ChangeEvent> updates =
        app.allChanges().stream()
            .filter(e -> e.resourceType() == ResourceType.PHONE_NUMBER)
            .filter(e -> e.requestId().map(r -> r.value().startsWith("update-1.")).orElse(false))
            .toList();
    assertThat(updates)
        .extracting(e -> e.requestId().orElseThrow().value())
        .containsExactlyInAnyOrder("update-1.0", "update-1.2");
    assertThat(updates)
        .allSatisfy(
            e -> assertThat(e.actorKeyId()).contains(writer.principal().keyId().toString()));
  }

  @Test
  void a_replica_that_dies_midway_leaves_the_job_to_another_that_resumes_from_the_cursor() {
    RequestContext writer = acme.context(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE);
    List<String> items = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      items.add(acme.buy("+120844460" + i + "0").number().id().toString() + "|label-" + i);
    }
    Job job = app.jobs().start().start(writer, command(JobKind.UPDATE, "resume", items, 10));
    JobItemCodec diesAtItemTwo =
        new JobItemCodec() {
          private int updates;

          @Override
          public AvailableNumber importItem(byte[] payload) {
            return codec.importItem(payload);
          }

          @Override
          public UpdatePhoneNumberUseCase.Command updateItem(byte[] payload) {
            if (updates++ == 2) {
              throw new ReplicaDied();
            }
            return codec.updateItem(payload);
          }

          @Override
          public PhoneNumberRef releaseItem(byte[] payload) {
            return codec.releaseItem(payload);
          }
        };

    assertThatThrownBy(() -> runner("a", 2, JobObserver.NONE, diesAtItemTwo).runOnce())
        .isInstanceOf(ReplicaDied.class);
    assertThat(get(writer, job).cursor()).isEqualTo(2);
    assertThat(runner("b", 2, JobObserver.NONE).runOnce())
        .as("the lease of the dead replica holds until it expires")
        .isFalse();

    app.clock().advance(LEASE.plusSeconds(1));
    assertThat(runner("b", 2, JobObserver.NONE).runOnce()).isTrue();

    Job done = get(writer, job);
    assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(done.counts()).isEqualTo(new JobCounts(5, 0, 0));
    var results = ((InMemoryJobRepository) app.ports().jobs()).results(job.id());
    assertThat(results)
        .allSatisfy(r -> assertThat(r).map(JobItemResult::outcome).contains(ItemOutcome.SUCCEEDED));
    assertThat(
            app.allChanges().stream()
                .filter(e -> e.requestId().map(r -> r.value().startsWith("resume.")).orElse(false))
                .map(e -> e.requestId().orElseThrow().value()))
        .as("each item changed its number once")
        .containsExactlyInAnyOrder("resume.0", "resume.1", "resume.2", "resume.3", "resume.4");
  }

  @Test
  void a_cancelled_job_stops_before_its_next_slice_and_a_pending_one_at_once() {
    RequestContext writer = acme.context(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE);
    List<String> items = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      items.add(acme.buy("+120844470" + i + "0").number().id().toString() + "|c" + i);
    }
    Job pending = app.jobs().start().start(writer, command(JobKind.UPDATE, "pending", items, 10));
    assertThat(app.jobs().cancel().cancel(writer, pending.id()).state())
        .isEqualTo(JobState.CANCELLED);

    Job job = app.jobs().start().start(writer, command(JobKind.UPDATE, "running", items, 10));
    JobObserver cancelsAfterFirstSlice =
        new JobObserver() {
          @Override
          public void itemsProcessed(JobKind kind, JobCounts slice) {
            app.jobs().cancel().cancel(writer, job.id());
          }
        };
    runner("a", 1, cancelsAfterFirstSlice).runOnce();

    Job done = get(writer, job);
    assertThat(done.state()).isEqualTo(JobState.CANCELLED);
    assertThat(done.cursor()).isEqualTo(1);
    assertThat(done.cancelRequested()).isTrue();
    assertThat(app.jobs().cancel().cancel(writer, job.id()))
        .as("a done job is unchanged")
        .isEqualTo(done);
    assertThat(app.jobs().await().await(writer, job.id(), Duration.ofSeconds(5)).isDone()).isTrue();
  }

  @Test
  void another_organizations_job_is_not_found_and_not_listed() {
    RequestContext ops = acme.context(Scope.INVENTORY_WRITE, Scope.NUMBERS_READ);
    Job job = app.jobs().start().start(ops, command(JobKind.IMPORT, "mine", numbers(1), 5));
    RequestContext stranger = other.quickContext();

    for (Runnable attempt :
        List.<Runnable>of(
            () -> app.jobs().get().get(stranger, job.id()),
            () -> app.jobs().cancel().cancel(stranger, job.id()),
            () -> app.jobs().await().await(stranger, job.id(), Duration.ZERO),
            () -> app.jobs().listFailures().list(stranger, job.id(), Optional.empty(), 10))) {
      assertThatThrownBy(attempt::run)
          .isInstanceOf(NotFoundException.class)
          .extracting(e -> ((NotFoundException) e).reason())
          .isEqualTo(Reason.JOB_NOT_FOUND);
    }
    assertThat(app.jobs().list().list(stranger, JobFilter.ALL, Optional.empty(), 10).items())
        .isEmpty();
    assertThat(
            app.jobs()
                .list()
                .list(
                    acme.quickContext(),
                    new JobFilter(Optional.of(JobKind.IMPORT), Optional.of(false)),
                    Optional.empty(),
                    10)
                .items())
        .containsExactly(job);
  }

  private static JobObserver observer(List<JobCounts> slices) {
    return new JobObserver() {
      @Override
      public void itemsProcessed(JobKind kind, JobCounts slice) {
        slices.add(slice);
      }
    };
  }
}
