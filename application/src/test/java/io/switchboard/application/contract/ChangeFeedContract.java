package io.switchboard.application.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.switchboard.application.port.ChangeFeed;
import io.switchboard.application.port.query.ChangeFilter;
import io.switchboard.application.port.query.ChangeQuery;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.change.FieldChange;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.change.SourceApi;
import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.org.ApiKeyId;
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
        // every event counts as old (other tests of the class share the feed, some with events
        // younger than this test's): only the revision bounds the purge
        .inTransaction(() ->
            feed()
                .purgeOccurredBefore(
                    java.time.Instant.parse("3000-01-01T00:00:00Z"), through, 100_000));

    // this organization's events only: other tests of the class share the feed, with events of
    // their own on either side of the bound
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

  private static ChangeEvent auditEvent(
      OrganizationId org,
      ResourceType type,
      String resourceId,
      Optional<String> number,
      ChangeAction action,
      Optional<String> actor,
      SourceApi source,
      java.time.Instant occurredAt) {
    return new ChangeEvent(
        0,
        org,
        type,
        resourceId,
        number,
        action,
        List.of(new FieldChange("name", Optional.of("a, \"b\""), Optional.empty())),
        actor,
        Optional.empty(),
        source,
        occurredAt);
  }

  private List<ChangeEvent> search(OrganizationId org, ChangeFilter filter) {
    return feed().search(org, filter, Optional.empty(), 100);
  }

  private List<ChangeEvent> scan(OrganizationId org, ChangeFilter filter) {
    List<ChangeEvent> seen = new ArrayList<>();
    ports()
        .transactions()
        .inTransaction(() -> {
          feed().scan(org, filter, seen::add);
          return null;
        });
    return seen;
  }

  @Test
  void search_filters_an_organizations_events_by_each_criterion_newest_first() {
    OrganizationId org = newOrganization();
    String alice = UUID.randomUUID().toString();
    String bob = UUID.randomUUID().toString();
    ChangeEvent numberCreated =
        append(
            auditEvent(
                org,
                ResourceType.PHONE_NUMBER,
                "n-1",
                Optional.of("+14155550101"),
                ChangeAction.CREATED,
                Optional.of(alice),
                SourceApi.GRPC,
                Samples.T0));
    ChangeEvent trunkUpdated =
        append(
            auditEvent(
                org,
                ResourceType.TRUNK,
                "t-1",
                Optional.of("+14155550101"),
                ChangeAction.UPDATED,
                Optional.of(bob),
                SourceApi.REST_MINDHUNTERS,
                Samples.T0.plusSeconds(60)));
    ChangeEvent keyCreated =
        append(
            auditEvent(
                org,
                ResourceType.API_KEY,
                "k-1",
                Optional.empty(),
                ChangeAction.CREATED,
                Optional.empty(),
                SourceApi.SYSTEM,
                Samples.T0.plusSeconds(120)));
    ChangeEvent numberReleased =
        append(
            auditEvent(
                org,
                ResourceType.PHONE_NUMBER,
                "n-1",
                Optional.of("+14155550101"),
                ChangeAction.RELEASED,
                Optional.of(alice),
                SourceApi.REST_VOICEOS,
                Samples.T0.plusSeconds(180)));
    append(
        auditEvent(
            newOrganization(),
            ResourceType.PHONE_NUMBER,
            "n-1",
            Optional.of("+14155550101"),
            ChangeAction.CREATED,
            Optional.of(alice),
            SourceApi.GRPC,
            Samples.T0));

    ChangeFilter all = ChangeFilter.none();
    assertThat(search(org, all))
        .containsExactly(numberReleased, keyCreated, trunkUpdated, numberCreated);
    assertThat(
            search(
                org,
                all.between(
                    Optional.of(Samples.T0.plusSeconds(60)),
                    Optional.of(Samples.T0.plusSeconds(180)))))
        .containsExactly(keyCreated, trunkUpdated);
    assertThat(search(org, all.withResource(ResourceType.PHONE_NUMBER, Optional.empty())))
        .containsExactly(numberReleased, numberCreated);
    assertThat(search(org, all.withResource(ResourceType.TRUNK, Optional.of("t-1"))))
        .containsExactly(trunkUpdated);
    assertThat(search(org, all.withResource(ResourceType.TRUNK, Optional.of("t-2")))).isEmpty();
    assertThat(search(org, all.withNumber(E164.parse("+14155550101"))))
        .containsExactly(numberReleased, trunkUpdated, numberCreated);
    assertThat(search(org, all.withActor(new ApiKeyId(UUID.fromString(alice)))))
        .containsExactly(numberReleased, numberCreated);
    assertThat(search(org, all.withAction(ChangeAction.CREATED)))
        .containsExactly(keyCreated, numberCreated);
    assertThat(search(org, all.withSourceApi(SourceApi.REST_MINDHUNTERS)))
        .containsExactly(trunkUpdated);
    assertThat(
            search(
                org,
                all.withActor(new ApiKeyId(UUID.fromString(alice)))
                    .withAction(ChangeAction.RELEASED)
                    .withSourceApi(SourceApi.REST_VOICEOS)))
        .containsExactly(numberReleased);
  }

  @Test
  void search_pages_back_below_a_revision_and_stops_at_the_limit() {
    OrganizationId org = newOrganization();
    List<ChangeEvent> appended = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      appended.add(append(event(org, "n-" + i, "+14155550101")));
    }
    List<ChangeEvent> newestFirst = appended.reversed();

    List<ChangeEvent> first = feed().search(org, ChangeFilter.none(), Optional.empty(), 2);
    assertThat(first).containsExactlyElementsOf(newestFirst.subList(0, 2));
    List<ChangeEvent> second =
        feed().search(org, ChangeFilter.none(), Optional.of(first.getLast().revision()), 2);
    assertThat(second).containsExactlyElementsOf(newestFirst.subList(2, 4));
    List<ChangeEvent> last =
        feed().search(org, ChangeFilter.none(), Optional.of(second.getLast().revision()), 2);
    assertThat(last).containsExactly(newestFirst.get(4));
  }

  @Test
  void scan_hands_over_every_matching_event_of_the_organization_oldest_first() {
    OrganizationId org = newOrganization();
    List<ChangeEvent> appended = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      appended.add(
          append(
              auditEvent(
                  org,
                  ResourceType.PHONE_NUMBER,
                  "n-" + i,
                  Optional.of("+14155550101"),
                  i % 2 == 0 ? ChangeAction.UPDATED : ChangeAction.CREATED,
                  Optional.empty(),
                  SourceApi.GRPC,
                  Samples.T0.plusSeconds(i))));
    }
    append(event(newOrganization(), "n-0", "+14155550101"));

    assertThat(scan(org, ChangeFilter.none())).containsExactlyElementsOf(appended);
    assertThat(
            scan(
                org,
                ChangeFilter.none()
                    .between(
                        Optional.of(Samples.T0.plusSeconds(10)),
                        Optional.of(Samples.T0.plusSeconds(20)))
                    .withAction(ChangeAction.UPDATED)))
        .containsExactlyElementsOf(
            appended.subList(10, 20).stream()
                .filter(e -> e.action() == ChangeAction.UPDATED)
                .toList());
    assertThat(scan(newOrganization(), ChangeFilter.none())).isEmpty();
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
