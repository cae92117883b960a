package io.switchboard.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.switchboard.bootstrap.Config;
import io.switchboard.persistence.testing.TestDatabase;
import io.switchboard.proto.v1.BindAgentRequest;
import io.switchboard.proto.v1.BindingServiceGrpc;
import io.switchboard.proto.v1.ChangeEvent;
import io.switchboard.proto.v1.Channel;
import io.switchboard.proto.v1.GetPhoneNumberRequest;
import io.switchboard.proto.v1.PhoneNumber;
import io.switchboard.proto.v1.PhoneNumberRef;
import io.switchboard.proto.v1.ResolveInboundRequest;
import io.switchboard.proto.v1.ResolveInboundResponse;
import io.switchboard.proto.v1.RoutingServiceGrpc;
import io.switchboard.proto.v1.WatchChangesRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, PgBouncer: two replicas whose pools go through a real PgBouncer in transaction pooling
 * mode (main URL with {@code prepareThreshold=0}), with {@code SWITCHBOARD_DATABASE_LISTEN_URL}
 * naming the direct connection for LISTEN and migrations. The schema is migrated by the replicas
 * themselves over the direct connection; the write path (concurrent etag-guarded updates,
 * idempotent retries), the change feed ({@code WatchChanges} on the other replica) and
 * cross-replica coherence of the route cache all work, and PgBouncer's own statistics show the
 * traffic went through it.
 */
class BehindPgBouncerIT {
  private static final int WRITERS = 8;
  private static final int UPDATES_PER_WRITER = 25;

  private static TestDatabase database;
  private static PgBouncer bouncer;
  private static ServiceUnderTest a;
  private static ServiceUnderTest b;
  private static String databaseName;

  @BeforeAll
  static void start() throws Exception {
    database = TestDatabase.createEmpty("behind pgbouncer");
    databaseName = database.jdbcUrl().substring(database.jdbcUrl().lastIndexOf('/') + 1);
    bouncer = PgBouncer.start(database.jdbcUrl(), database.user(), database.password());
    Map<String, String> settings = Map.of(Config.DATABASE_LISTEN_URL, database.jdbcUrl());
    a = ServiceUnderTest.startOn(bouncer.jdbcUrl(databaseName), database.user(), settings);
    b = ServiceUnderTest.startOn(bouncer.jdbcUrl(databaseName), database.user(), settings);
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {a, b, bouncer, database}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void writes_the_change_feed_and_cross_replica_coherence_work_through_pgbouncer()
      throws Exception {
    long transactionsBefore = bouncer.transactions(databaseName, database.user());
    List<ChangeEvent> watchedOnB = new CopyOnWriteArrayList<>();
    AtomicReference<Status> watchEnded = new AtomicReference<>();
    RoutingServiceGrpc.newStub(b.channel())
        .watchChanges(
            WatchChangesRequest.newBuilder().setSinceRevision(0).build(),
            new StreamObserver<>() {
              @Override
              public void onNext(ChangeEvent event) {
                watchedOnB.add(event);
              }

              @Override
              public void onError(Throwable t) {
                watchEnded.set(Status.fromThrowable(t));
              }

              @Override
              public void onCompleted() {
                watchEnded.set(Status.OK);
              }
            });

    // the write path, on both replicas at once: etag-guarded read-modify-write updates of shared
    // numbers
    List<PhoneNumber> numbers = a.buyNumbers(WRITERS / 2);
    int initialLimits =
        numbers.stream().mapToInt(n -> n.getChannelSettings().getVoice().getChannelLimit()).sum();
    ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
    List<Future<Map<String, Integer>>> results = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      ServiceUnderTest replica = w % 2 == 0 ? a : b;
      PhoneNumber number = numbers.get(w % numbers.size());
      results.add(writers.submit(() -> update(replica, number)));
    }
    Map<String, Integer> outcomes = new TreeMap<>();
    for (Future<Map<String, Integer>> result : results) {
      result.get(5, TimeUnit.MINUTES).forEach((k, v) -> outcomes.merge(k, v, Integer::sum));
    }
    writers.shutdown();
    int finalLimits = -initialLimits;
    for (PhoneNumber number : numbers) {
      finalLimits +=
          b.numbers()
              .getPhoneNumber(
                  GetPhoneNumberRequest.newBuilder()
                      .setPhoneNumber(PhoneNumberRef.newBuilder().setId(number.getId()))
                      .build())
              .getChannelSettings()
              .getVoice()
              .getChannelLimit();
    }

    // cross-replica coherence: B routes from its cache, A binds an agent, B's answer follows
    PhoneNumber routed = numbers.getFirst();
    String before = resolve(b, routed).getUnroutableReason().name();
    String agent = "agent-" + UUID.randomUUID();
    a.upsertAgent(agent);
    String requestId = UUID.randomUUID().toString();
    BindAgentRequest bind =
        BindAgentRequest.newBuilder()
            .setPhoneNumber(PhoneNumberRef.newBuilder().setId(routed.getId()))
            .setChannel(Channel.CHANNEL_CALL)
            .setAgentId(agent)
            .setRequestId(requestId)
            .build();
    long eventsOfRoutedBefore =
        watchedOnB.stream().filter(e -> e.getNumber().equals(routed.getNumber())).count();
    long bound = System.nanoTime();
    PhoneNumber first =
        BindingServiceGrpc.newBlockingStub(a.channel())
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .bindAgent(bind);
    long coherentMillis = -1;
    while (TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - bound) < 20) {
      if (resolve(b, routed).getAgent().getAgentId().equals(agent)) {
        coherentMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - bound);
        break;
      }
      Thread.sleep(20);
    }
    PhoneNumber replay =
        BindingServiceGrpc.newBlockingStub(b.channel())
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .bindAgent(bind);

    // the change feed: B's stream saw A's writes, in revision order, without gaps
    long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (watchedOnB.stream().filter(e -> e.getNumber().equals(routed.getNumber())).count()
            == eventsOfRoutedBefore
        && System.nanoTime() < waitUntil) {
      Thread.sleep(50);
    }
    List<Long> revisions = watchedOnB.stream().map(ChangeEvent::getRevision).toList();
    boolean gapless = true;
    for (int i = 1; i < revisions.size(); i++) {
      gapless &= revisions.get(i) == revisions.get(i - 1) + 1;
    }
    long pooled = bouncer.transactions(databaseName, database.user()) - transactionsBefore;

    ServiceUnderTest.figure(
        "pgbouncer",
        "two replicas through PgBouncer (transaction pooling, prepareThreshold=0, "
            + "LISTEN and migrations direct): "
            + WRITERS
            + " writers x "
            + UPDATES_PER_WRITER
            + " etag-guarded updates "
            + outcomes
            + ", limits raised by "
            + finalLimits
            + " in all; B answered "
            + before
            + " then the agent bound on A "
            + coherentMillis
            + " ms after the bind; the retried bind on B replayed "
            + (replay.equals(first) ? "the same answer" : "a different answer")
            + "; B's WatchChanges stream got "
            + watchedOnB.size()
            + " events, revisions "
            + (revisions.isEmpty() ? "none" : revisions.getFirst() + ".." + revisions.getLast())
            + (gapless ? " without gaps" : " WITH GAPS")
            + (watchEnded.get() == null ? ", still open" : ", ended " + watchEnded.get())
            + "; PgBouncer ran "
            + pooled
            + " transactions for the test");

    assertThat(outcomes).as("every update lands, none fails for the pooler").containsOnlyKeys("OK");
    assertThat(outcomes.get("OK")).isEqualTo(WRITERS * UPDATES_PER_WRITER);
    assertThat(finalLimits).as("no lost update").isEqualTo(WRITERS * UPDATES_PER_WRITER);
    assertThat(before).isEqualTo("UNROUTABLE_REASON_NO_AGENT_BOUND");
    assertThat(coherentMillis).as("B follows A's bind").isBetween(0L, 10_000L);
    assertThat(replay).as("idempotent replay through the pooler").isEqualTo(first);
    assertThat(watchedOnB.stream().filter(e -> e.getNumber().equals(routed.getNumber())).count())
        .as("B's stream got the bind made on A")
        .isGreaterThan(eventsOfRoutedBefore);
    assertThat(gapless).as("revisions %s", revisions).isTrue();
    assertThat(watchEnded.get()).isNull();
    assertThat(pooled)
        .as("the pools really went through PgBouncer")
        .isGreaterThan(WRITERS * UPDATES_PER_WRITER);
  }

  /**
   * Increments the voice channel limit of a number {@link #UPDATES_PER_WRITER} times, re-reading on
   * etag conflicts.
   */
  private static Map<String, Integer> update(ServiceUnderTest replica, PhoneNumber number) {
    Map<String, Integer> outcomes = new TreeMap<>();
    var stub = replica.numbers();
    PhoneNumberRef ref = PhoneNumberRef.newBuilder().setId(number.getId()).build();
    int done = 0;
    while (done < UPDATES_PER_WRITER) {
      PhoneNumber current =
          stub.withDeadlineAfter(10, TimeUnit.SECONDS)
              .getPhoneNumber(GetPhoneNumberRequest.newBuilder().setPhoneNumber(ref).build());
      int next = current.getChannelSettings().getVoice().getChannelLimit() + 1;
      try {
        stub.withDeadlineAfter(10, TimeUnit.SECONDS)
            .updatePhoneNumber(
                ServiceUnderTest.voiceLimitUpdate(number.getId(), current.getEtag(), next));
        outcomes.merge("OK", 1, Integer::sum);
        done++;
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.ABORTED
            && e.getStatus().getCode() != Status.Code.FAILED_PRECONDITION) {
          outcomes.merge(e.getStatus().getCode().name(), 1, Integer::sum);
          done++; // counted as a failure; the test fails on it
        }
      }
    }
    return outcomes;
  }

  private static ResolveInboundResponse resolve(ServiceUnderTest replica, PhoneNumber number) {
    return RoutingServiceGrpc.newBlockingStub(replica.channel())
        .withDeadlineAfter(5, TimeUnit.SECONDS)
        .resolveInbound(
            ResolveInboundRequest.newBuilder()
                .setCalledNumber(number.getNumber())
                .setChannel(Channel.CHANNEL_CALL)
                .build());
  }
}
