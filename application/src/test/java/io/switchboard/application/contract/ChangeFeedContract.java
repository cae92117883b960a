package io.switchboard.application.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.switchboard.application.port.ChangeFeed;
import io.switchboard.application.port.query.ChangeQuery;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.change.FieldChange;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.change.SourceApi;
import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.org.OrganizationId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

public abstract class ChangeFeedContract extends PortContract {
  private ChangeFeed feed() {
    return ports().changeFeed();
  }

  public static ChangeEvent event(OrganizationId org, String resourceId, String number) {
    return new ChangeEvent(
        0,
        org,
        ResourceType.PHONE_NUMBER,
        resourceId,
        Optional.of(number),
        ChangeAction.UPDATED,
        List.of(
            new FieldChange("routing.label", Optional.empty(), Optional.of("Front desk")),
            new FieldChange("sip.password", Optional.of("(secret)"), Optional.of("(secret)"))),
        Optional.of("key-1"),
        Optional.of(new RequestId("req-1")),
        SourceApi.REST_MINDHUNTERS,
        Samples.T0);
  }

  /**
   * Appends the event in a transaction of its own and returns it as readers see it, with its
   * revision: the port promises one once the transaction has committed, possibly a little later.
   */
  private ChangeEvent append(ChangeEvent event) {
    ChangeEvent tagged = withRequestId(event, new RequestId("req-" + UUID.randomUUID()));
    ports().transactions().run(() -> feed().append(tagged));
    return await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                feed().after(tagged.organizationId(), 0, 10_000).stream()
                    .filter(e -> e.requestId().equals(tagged.requestId()))
                    .findFirst(),
            Optional::isPresent)
        .orElseThrow();
  }

  protected static ChangeEvent withRequestId(ChangeEvent e, RequestId requestId) {
    return new ChangeEvent(
        e.revision(),
        e.organizationId(),
        e.resourceType(),
        e.resourceId(),
        e.number(),
        e.action(),
        e.changes(),
        e.actorKeyId(),
        Optional.of(requestId),
        e.sourceApi(),
        e.occurredAt());
  }

  @Test
  void
      a_writer_learns_its_events_revisions_and_own_commit_listeners_the_highest_before_the_transaction_returns()
          throws Exception {
    OrganizationId org = newOrganization();
    List<Long> told = new ArrayList<>();
    List<Long> ownCommits = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread writer = Thread.currentThread();
    try (AutoCloseable listening =
        feed()
            .onOwnCommits(r -> {
              if (Thread.currentThread()
                  == writer) { // only this test's writes, on the writing thread
                ownCommits.add(r);
              }
            })) {
      ports()
          .transactions()
          .run(() -> {
            feed().append(event(org, "a", "+14155550101"), told::add);
            feed().append(event(org, "b", "+14155550102"), told::add);
          });
      // both callbacks ran before run() returned, with the revisions readers see
      assertThat(told).hasSize(2);
      List<ChangeEvent> read = feed().after(org, 0, 10);
      assertThat(told).containsExactlyElementsOf(read.stream().map(ChangeEvent::revision).toList());
      assertThat(ownCommits).containsExactly(told.get(1));

      assertThatThrownBy(() ->
              ports()
                  .transactions()
                  .run(() -> {
                    feed().append(event(org, "c", "+14155550103"), told::add);
                    throw new IllegalStateException("rolled back");
                  }))
          .hasMessage("rolled back");
      assertThat(told).hasSize(2);
      assertThat(ownCommits).hasSize(1);
    }
  }

  @Test
  void appended_events_get_increasing_revisions_and_read_back_whole() {
    OrganizationId org = newOrganization();
    ChangeEvent first = append(event(org, "n1", "+14155550001"));
    ChangeEvent second = append(event(org, "n2", "+14155550002"));

    assertThat(first.revision()).isPositive();
    assertThat(second.revision()).isGreaterThan(first.revision());
    assertThat(first)
        .usingRecursiveComparison()
        .ignoringFields("revision", "requestId")
        .isEqualTo(event(org, "n1", "+14155550001"));
    assertThat(feed().latestRevision()).isGreaterThanOrEqualTo(second.revision());
    assertThat(feed().after(org, first.revision() - 1, 10)).containsExactly(first, second);
    assertThat(feed().after(first.revision(), 1)).containsExactly(second);
    assertThat(feed().organizationOf(first.revision())).contains(org);
  }

  @Test
  void the_purge_removes_no_event_past_the_revision_it_is_bounded_by() {
    OrganizationId org = newOrganization();
    append(event(org, "n1", "+14155550001"));
    ChangeEvent kept = append(event(org, "n2", "+14155550002"));
    long through = kept.revision() - 1;

    ports()
        .transactions()
        .inTransaction(() -> feed().purgeOccurredBefore(Samples.T0.plusSeconds(1), through, 1000));

    assertThat(feed().oldestRevision()).isEqualTo(kept.revision());
    assertThat(feed().after(org, 0, 10))
        .extracting(ChangeEvent::revision)
        .containsExactly(kept.revision());
  }

  @Test
  void an_organization_reads_only_its_own_events() {
    OrganizationId org = newOrganization();
    OrganizationId other = newOrganization();
    long start = feed().latestRevision();
    ChangeEvent mine = append(event(org, "n1", "+14155550001"));
    append(event(other, "n1", "+14155550001"));

    assertThat(feed().after(org, start, 100)).containsExactly(mine);
  }

  @Test
  void an_event_rolled_back_with_its_transaction_never_appears_and_leaves_no_gap() {
    OrganizationId org = newOrganization();
    ChangeEvent before = append(event(org, "n1", "+14155550001"));
    try {
      ports()
          .transactions()
          .run(() -> {
            feed().append(event(org, "n2", "+14155550002"));
            throw new IllegalStateException("use case failed after appending");
          });
    } catch (IllegalStateException expected) {
      // the event goes with the transaction
    }
    ChangeEvent after = append(event(org, "n3", "+14155550003"));

    assertThat(feed().after(org, before.revision(), 10)).containsExactly(after);
    assertThat(after.revision()).isEqualTo(before.revision() + 1);
  }

  @Test
  void history_lists_a_resource_or_a_number_newest_first_and_pages_back() {
    OrganizationId org = newOrganization();
    ChangeEvent a1 = append(event(org, "number-a", "+14155550101"));
    append(event(org, "number-b", "+14155550102"));
    ChangeEvent a2 = append(event(org, "number-a", "+14155550101"));
    ChangeEvent a3 = append(event(org, "number-a", "+14155550101"));

    var resource = new ChangeQuery.Resource(ResourceType.PHONE_NUMBER, "number-a");
    assertThat(feed().history(org, new ChangeQuery(resource, 2, Optional.empty())))
        .containsExactly(a3, a2);
    assertThat(feed().history(org, new ChangeQuery(resource, 2, Optional.of(a2.revision()))))
        .containsExactly(a1);
    var number = new ChangeQuery.Number("+14155550101", Samples.T0);
    assertThat(feed().history(org, new ChangeQuery(number, 10, Optional.empty())))
        .containsExactly(a3, a2, a1);
    var sinceLater = new ChangeQuery.Number("+14155550101", Samples.T0.plusSeconds(1));
    assertThat(feed().history(org, new ChangeQuery(sinceLater, 10, Optional.empty()))).isEmpty();
    assertThat(feed().history(newOrganization(), new ChangeQuery(resource, 10, Optional.empty())))
        .isEmpty();
  }

  @Test
  void concurrent_appenders_get_gapless_revisions_and_a_reader_never_sees_a_gap() throws Exception {
    OrganizationId org = newOrganization();
    long start = feed().latestRevision();
    int writers = 8;
    int perWriter = 25;
    AtomicBoolean writing = new AtomicBoolean(true);
    ConcurrentLinkedQueue<String> gaps = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Long> seen = new ConcurrentLinkedQueue<>();
    AtomicLong readUpTo = new AtomicLong(start);
    ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
    try {
      Future<?> reader =
          pool.submit(() -> {
            while (writing.get() || readUpTo.get() < start + writers * perWriter) {
              for (ChangeEvent e : feed().after(org, readUpTo.get(), 1000)) {
                if (e.revision() != readUpTo.get() + 1) {
                  gaps.add("after " + readUpTo.get() + " came " + e.revision());
                }
                readUpTo.set(e.revision());
                seen.add(e.revision());
              }
            }
          });
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> results = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        results.add(
            pool.submit(() -> {
              go.await();
              for (int i = 0; i < perWriter; i++) {
                ports().transactions().run(() -> feed().append(event(org, "n", "+14155550001")));
              }
              return null;
            }));
      }
      go.countDown();
      for (Future<?> r : results) {
        r.get();
      }
      writing.set(false);
      reader.get(30, TimeUnit.SECONDS);

      assertThat(gaps).isEmpty();
      assertThat(seen).doesNotHaveDuplicates().hasSize(writers * perWriter);
      assertThat(seen.stream().mapToLong(Long::longValue).min().orElseThrow()).isEqualTo(start + 1);
      assertThat(feed().latestRevision()).isEqualTo(start + writers * perWriter);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void a_subscriber_hears_of_a_commit_within_a_second() throws Exception {
    OrganizationId org = newOrganization();
    AtomicLong heard = new AtomicLong(-1);
    try (AutoCloseable subscription =
        feed().subscribe(revision -> heard.accumulateAndGet(revision, Math::max))) {
      await().atMost(Duration.ofSeconds(5)).until(() -> heard.get() >= 0); // listening
      ChangeEvent appended = append(event(org, "n1", "+14155550001"));

      await().atMost(Duration.ofSeconds(1)).until(() -> heard.get() >= appended.revision());
    }
  }

  @Test
  void a_closed_subscription_stays_silent() throws Exception {
    OrganizationId org = newOrganization();
    AtomicLong calls = new AtomicLong();
    AutoCloseable subscription = feed().subscribe(revision -> calls.incrementAndGet());
    await().atMost(Duration.ofSeconds(5)).until(() -> calls.get() > 0);

    subscription.close();
    long callsAtClose = calls.get();
    append(event(org, "n1", "+14155550001"));
    Thread.sleep(1200);

    assertThat(calls.get()).isEqualTo(callsAtClose);
  }
}
