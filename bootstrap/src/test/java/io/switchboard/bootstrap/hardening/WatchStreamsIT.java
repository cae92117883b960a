package io.switchboard.bootstrap.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.switchboard.application.routing.ChangeWatchService;
import io.switchboard.bootstrap.Config;
import io.switchboard.domain.org.Scope;
import io.switchboard.proto.v1.ChangeEvent;
import io.switchboard.proto.v1.RoutingServiceGrpc;
import io.switchboard.proto.v1.WatchChangesRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13.14: idle WatchChanges streams cost the database nothing, one change reaches every
 * watcher through one shared read, a key holds at most SWITCHBOARD_WATCH_STREAMS_PER_KEY streams,
 * and one connection at most SWITCHBOARD_GRPC_MAX_CALLS_PER_CONNECTION concurrent calls.
 */
class WatchStreamsIT {

  private static final int WATCHERS = 100;
  private static final Duration MEASURE = Duration.ofSeconds(6);
  private static final Duration WAIT_LIMIT =
      Duration.ofSeconds(Long.getLong("switchboard.test.watchWaitSeconds", 60));

  @TempDir Path work;

  @Test
  void idle_watchers_do_not_read_the_database_and_one_change_is_one_shared_read() throws Exception {
    try (InProcessService service =
        InProcessService.start(getClass(), work, Map.of(Config.WATCH_STREAMS_PER_KEY, "1000"))) {
      ManagedChannel channel = service.channel(InsecureChannelCredentials.create());
      List<Watcher> watchers = new ArrayList<>();
      try {
        // the database's own background (change-feed listener polls, readiness, pool upkeep)
        // without watchers
        service.change();
        Thread.sleep(2_000);
        double baseline = transactionsPerSecond(service);

        for (int i = 0; i < WATCHERS; i++) {
          watchers.add(Watcher.open(channel, 0));
        }
        long marker = service.change();
        for (Watcher watcher : watchers) {
          watcher.awaitRevision(marker, WAIT_LIMIT);
        }
        Thread.sleep(2_000); // the statistics of the catch-up reads are flushed
        double idle = transactionsPerSecond(service);

        ChangeWatchService changes = service.switchboard().services().followers().watchStreams();
        long sharedBefore = changes.sharedReads();
        long ownBefore = changes.ownReads();
        long next = service.change();
        for (Watcher watcher : watchers) {
          watcher.awaitRevision(next, WAIT_LIMIT);
        }
        long sharedReads = changes.sharedReads() - sharedBefore;
        long ownReads = changes.ownReads() - ownBefore;

        System.out.printf(
            "RELIABILITY 13.14 %d idle WatchChanges streams: %.1f transactions/s in the database"
                + " (%.1f/s without them, %.1f/s more); one change reached all %d through %d shared read(s)"
                + " and %d own read(s)%n",
            WATCHERS, idle, baseline, idle - baseline, WATCHERS, sharedReads, ownReads);
        // before: every idle stream read the database twice a second (about 200 transactions/s
        // here)
        assertThat(idle - baseline).as("transactions/s the idle watchers add").isLessThan(20);
        assertThat(sharedReads).isBetween(1L, 3L);
        assertThat(ownReads).isZero();
      } finally {
        watchers.forEach(Watcher::cancel);
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void a_key_holds_at_most_its_limit_of_streams_and_gets_resource_exhausted_beyond()
      throws Exception {
    try (InProcessService service =
        InProcessService.start(getClass(), work, Map.of(Config.WATCH_STREAMS_PER_KEY, "2"))) {
      String otherKey =
          service
              .switchboard()
              .services()
              .createApiKey()
              .createApiKey(
                  service.operator(),
                  service.operator().organizationId(),
                  "second watcher",
                  EnumSet.of(Scope.ROUTING))
              .secret();
      ManagedChannel channel = service.channel(InsecureChannelCredentials.create());
      ManagedChannel otherChannel = service.channel(InsecureChannelCredentials.create(), otherKey);
      try {
        Watcher first = Watcher.open(channel, 0);
        Watcher second = Watcher.open(channel, 0);
        long marker = service.change();
        first.awaitRevision(marker, WAIT_LIMIT);
        second.awaitRevision(marker, WAIT_LIMIT);

        Watcher third = Watcher.open(channel, 0);
        Status refused = third.awaitError(WAIT_LIMIT);
        assertThat(refused.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(refused.getDescription()).contains("limit of 2 open watch streams");

        Watcher otherKeys = Watcher.open(otherChannel, 0);
        otherKeys.awaitRevision(marker, WAIT_LIMIT);

        first.cancel();
        Watcher replacement = awaitAccepted(channel, service, WAIT_LIMIT);
        System.out.println(
            "RELIABILITY 13.14 stream cap 2 per key: 3rd stream RESOURCE_EXHAUSTED, another key"
                + " unaffected, a slot freed by a cancelled stream is usable again");
        List.of(second, otherKeys, replacement).forEach(Watcher::cancel);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        otherChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void one_connection_carries_at_most_its_limit_of_concurrent_calls() throws Exception {
    try (InProcessService service =
        InProcessService.start(
            getClass(),
            work,
            Map.of(
                Config.WATCH_STREAMS_PER_KEY, "100", Config.GRPC_MAX_CALLS_PER_CONNECTION, "2"))) {
      ManagedChannel channel = service.channel(InsecureChannelCredentials.create());
      try {
        Watcher first = Watcher.open(channel, 0);
        Watcher second = Watcher.open(channel, 0);
        long marker = service.change();
        first.awaitRevision(marker, WAIT_LIMIT);
        second.awaitRevision(marker, WAIT_LIMIT);

        // the client holds the third call until the server allows another stream on this connection
        Watcher third = Watcher.open(channel, 0);
        long next = service.change();
        first.awaitRevision(next, WAIT_LIMIT);
        Thread.sleep(1_000);
        assertThat(third.lastRevision()).as("a third call on a connection limited to two").isZero();

        // the limit is per connection: a caller on another connection is served at once
        ManagedChannel another = service.channel(InsecureChannelCredentials.create());
        try {
          Watcher onAnotherConnection = Watcher.open(another, 0);
          onAnotherConnection.awaitRevision(next, WAIT_LIMIT);
          onAnotherConnection.cancel();
        } finally {
          another.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        System.out.println(
            "RELIABILITY 13.14 two calls per connection: a third call on it waited, a call on"
                + " another connection was served");
        List.of(first, second, third).forEach(Watcher::cancel);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * A slot released by a cancelled stream is free again once the server has seen the cancellation.
   */
  private static Watcher awaitAccepted(
      ManagedChannel channel, InProcessService service, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      Watcher candidate = Watcher.open(channel, 0);
      long marker = service.change();
      if (candidate.awaitRevisionOrError(marker, Duration.ofSeconds(10)) == null) {
        return candidate;
      }
      assertThat(System.nanoTime()).as("a freed slot usable within %s", limit).isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  private static double transactionsPerSecond(InProcessService service) throws Exception {
    long before = service.committedTransactions();
    long started = System.nanoTime();
    Thread.sleep(MEASURE.toMillis());
    long after = service.committedTransactions();
    return (after - before) / ((System.nanoTime() - started) / 1e9);
  }

  /** One WatchChanges stream: remembers the last revision received and how it ended. */
  private static final class Watcher
      implements ClientResponseObserver<WatchChangesRequest, ChangeEvent> {
    private final AtomicLong lastRevision = new AtomicLong();
    private final CompletableFuture<Status> ended = new CompletableFuture<>();
    private volatile ClientCallStreamObserver<WatchChangesRequest> call;

    static Watcher open(ManagedChannel channel, long since) {
      Watcher watcher = new Watcher();
      RoutingServiceGrpc.newStub(channel)
          .watchChanges(WatchChangesRequest.newBuilder().setSinceRevision(since).build(), watcher);
      return watcher;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<WatchChangesRequest> requestStream) {
      this.call = requestStream;
    }

    @Override
    public void onNext(ChangeEvent event) {
      lastRevision.accumulateAndGet(event.getRevision(), Math::max);
    }

    @Override
    public void onError(Throwable t) {
      ended.complete(Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
      ended.complete(Status.OK);
    }

    long lastRevision() {
      return lastRevision.get();
    }

    void awaitRevision(long revision, Duration limit) throws InterruptedException {
      Status error = awaitRevisionOrError(revision, limit);
      assertThat(error).as("stream ended early").isNull();
    }

    /** Null when the revision arrived; the status when the stream ended first. */
    Status awaitRevisionOrError(long revision, Duration limit) throws InterruptedException {
      long deadline = System.nanoTime() + limit.toNanos();
      while (lastRevision.get() < revision) {
        if (ended.isDone()) {
          return ended.join();
        }
        assertThat(System.nanoTime())
            .as("revision %d received within %s", revision, limit)
            .isLessThan(deadline);
        Thread.sleep(20);
      }
      return null;
    }

    Status awaitError(Duration limit) throws Exception {
      return ended.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    void cancel() {
      if (call != null && !ended.isDone()) {
        call.cancel("test done", null);
      }
    }
  }
}
