package io.switchboard.application.routing;

import static io.switchboard.application.UseCaseSupport.refused;
import static io.switchboard.application.UseCaseSupport.setLabel;
import static io.switchboard.application.UseCaseSupport.usNumber;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.application.UseCaseFixture;
import io.switchboard.application.UseCaseSupport;
import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.PermissionDeniedException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.org.Scope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ChangeWatchService: resuming after a revision misses nothing and repeats nothing; tenants see
 * their own changes.
 */
class WatchChangesTest {
  static UseCaseFixture app;

  @BeforeAll
  static void start() {
    app = UseCaseFixture.start();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static List<ChangeEvent> drain(RequestContext ctx, long after, int batch)
      throws InterruptedException {
    var all = new ArrayList<ChangeEvent>();
    long cursor = after;
    while (true) {
      List<ChangeEvent> next = app.watchChanges().next(ctx, cursor, batch, Duration.ZERO);
      if (next.isEmpty()) {
        return all;
      }
      all.addAll(next);
      cursor = next.get(next.size() - 1).revision();
    }
  }

  @Test
  void a_watcher_resuming_after_the_last_revision_it_saw_misses_nothing_and_sees_nothing_twice()
      throws Exception {
    var acme = app.tenant("acme");
    var watcher = acme.quickContext(Scope.NUMBERS_READ);
    var writer = acme.quickContext();
    long start = app.routeCache().appliedRevision();
    start =
        Math.max(
            start,
            drain(watcher, 0, 1000).stream().mapToLong(ChangeEvent::revision).max().orElse(0));
    var number = acme.buy(usNumber());
    for (int i = 0; i < 7; i++) {
      setLabel(app, writer, UseCaseSupport.ref(number), "label " + i);
    }

    var firstPart = app.watchChanges().next(watcher, start, 3, Duration.ZERO);
    assertThat(firstPart).hasSize(3);
    long resumeAfter = firstPart.get(2).revision();
    // more changes arrive while the watcher is away
    for (int i = 7; i < 10; i++) {
      setLabel(app, writer, UseCaseSupport.ref(number), "label " + i);
    }
    var rest = drain(watcher, resumeAfter, 2);

    var seen = new ArrayList<>(firstPart);
    seen.addAll(rest);
    assertThat(seen)
        .extracting(ChangeEvent::revision)
        .doesNotHaveDuplicates()
        .isSortedAccordingTo(Long::compare);
    assertThat(seen).isEqualTo(drain(watcher, start, 1000));
    // stocking and buying (1 created) plus ten label updates, all of acme
    assertThat(seen)
        .hasSize(11)
        .allSatisfy(e -> assertThat(e.organizationId()).isEqualTo(acme.id()));
  }

  @Test
  void a_waiting_watcher_wakes_up_when_a_change_is_committed() throws Exception {
    var acme = app.tenant("acme");
    var watcher = acme.quickContext(Scope.NUMBERS_READ);
    var number = acme.buy(usNumber());
    long head =
        drain(watcher, 0, 1000).stream().mapToLong(ChangeEvent::revision).max().orElseThrow();

    assertThat(app.watchChanges().next(watcher, head, 10, Duration.ofMillis(50))).isEmpty();

    CompletableFuture<List<ChangeEvent>> waiting =
        CompletableFuture.supplyAsync(() -> {
          try {
            return app.watchChanges().next(watcher, head, 10, Duration.ofSeconds(20));
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        });
    setLabel(app, acme.quickContext(), UseCaseSupport.ref(number), "wake up");
    var woken = waiting.get(20, TimeUnit.SECONDS);
    assertThat(woken)
        .singleElement()
        .satisfies(e -> assertThat(e.resourceId()).isEqualTo(number.number().id().toString()));
  }

  @Test
  void a_tenant_watches_only_its_own_changes_a_router_watches_all() throws Exception {
    var acme = app.tenant("acme");
    var other = app.tenant("other");
    long head =
        drain(app.operator(), 0, 1000).stream().mapToLong(ChangeEvent::revision).max().orElse(0);
    acme.buy(usNumber());
    other.buy(usNumber());

    assertThat(drain(acme.quickContext(Scope.NUMBERS_READ), head, 100))
        .allSatisfy(e -> assertThat(e.organizationId()).isEqualTo(acme.id()))
        .isNotEmpty();
    assertThat(drain(acme.quickContext(Scope.ROUTING), head, 100))
        .extracting(ChangeEvent::organizationId)
        .contains(acme.id(), other.id());
  }

  @Test
  void a_negative_revision_and_a_watcher_without_read_or_routing_scope_are_refused() {
    var acme = app.tenant("acme");
    var e =
        refused(
            InvalidArgumentException.class,
            Reason.INVALID_ARGUMENT,
            () ->
                app.watchChanges()
                    .next(acme.quickContext(Scope.NUMBERS_READ), -1, 10, Duration.ZERO));
    assertThat(e.violations()).extracting(v -> v.field()).containsExactly("since_revision");
    refused(
        PermissionDeniedException.class,
        Reason.MISSING_SCOPE,
        () ->
            app.watchChanges().next(acme.quickContext(Scope.NUMBERS_WRITE), 0, 10, Duration.ZERO));
  }
}
