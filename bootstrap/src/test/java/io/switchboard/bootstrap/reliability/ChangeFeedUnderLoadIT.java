package io.switchboard.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import io.switchboard.proto.v1.ChangeEvent;
import io.switchboard.proto.v1.PhoneNumber;
import io.switchboard.proto.v1.PhoneNumberServiceGrpc;
import io.switchboard.proto.v1.RoutingServiceGrpc;
import io.switchboard.proto.v1.WatchChangesRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Case 11: writers commit changes while several WatchChanges watchers drop their stream at random
 * (after a random number of events, or when a random short deadline cuts it) and resume from the
 * last revision they received. Each watcher must end up with exactly the change_events table: every
 * committed change, in order, no gap, no repeat.
 */
class ChangeFeedUnderLoadIT {
  private static final int GRPC_WRITERS = 3;
  private static final int REST_WRITERS = 1;
  private static final int UPDATES_PER_WRITER = 250;
  private static final int WATCHERS = 4;

  private static ServiceUnderTest service;

  /** One event as a watcher saw it or the table holds it. */
  record Seen(long revision, String resourceId) {}

  @BeforeAll
  static void start() throws Exception {
    service = ServiceUnderTest.start(ChangeFeedUnderLoadIT.class, Map.of());
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void every_watcher_gets_every_committed_change_once_in_order_across_reconnects()
      throws Exception {
    List<PhoneNumber> numbers = service.buyNumbers(GRPC_WRITERS + REST_WRITERS);
    AtomicLong target = new AtomicLong(Long.MAX_VALUE);
    AtomicInteger failedWrites = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(GRPC_WRITERS + REST_WRITERS + WATCHERS);

    List<Future<List<Seen>>> watchers = new ArrayList<>();
    AtomicInteger reconnects = new AtomicInteger();
    for (int w = 0; w < WATCHERS; w++) {
      watchers.add(threads.submit(() -> watch(target, reconnects)));
    }
    List<Future<?>> writers = new ArrayList<>();
    for (int i = 0; i < GRPC_WRITERS + REST_WRITERS; i++) {
      PhoneNumber number = numbers.get(i);
      boolean rest = i >= GRPC_WRITERS;
      writers.add(
          threads.submit(() -> {
            for (int value = 1; value <= UPDATES_PER_WRITER; value++) {
              if (!(rest ? writeRest(number, value) : writeGrpc(number, value))) {
                failedWrites.incrementAndGet();
              }
            }
            return null;
          }));
    }
    long started = System.nanoTime();
    for (Future<?> writer : writers) {
      writer.get(5, TimeUnit.MINUTES);
    }
    List<Seen> committed = table();
    target.set(committed.getLast().revision());
    List<List<Seen>> received = new ArrayList<>();
    for (Future<List<Seen>> watcher : watchers) {
      received.add(watcher.get(2, TimeUnit.MINUTES));
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    threads.shutdown();

    int exact = 0;
    List<String> problems = new ArrayList<>();
    for (int w = 0; w < WATCHERS; w++) {
      List<Seen> got = received.get(w);
      if (got.equals(committed)) {
        exact++;
      } else {
        long duplicates = got.size() - got.stream().map(Seen::revision).distinct().count();
        problems.add(
            "watcher "
                + w
                + ": "
                + got.size()
                + " events ("
                + duplicates
                + " repeated) vs "
                + committed.size()
                + " committed; first difference at index "
                + firstDifference(got, committed));
      }
    }
    ServiceUnderTest.figure(
        "change-feed",
        (GRPC_WRITERS + REST_WRITERS) * UPDATES_PER_WRITER
            + " updates by "
            + GRPC_WRITERS
            + " gRPC + "
            + REST_WRITERS
            + " REST writers ("
            + failedWrites.get()
            + " failed), "
            + committed.size()
            + " committed change events in all; "
            + WATCHERS
            + " watchers, "
            + reconnects.get()
            + " random disconnects and resumes; watchers whose stream equals the table (in order, no gap, no repeat): "
            + exact
            + "/"
            + WATCHERS
            + " in "
            + millis
            + " ms");

    assertThat(failedWrites.get()).isZero();
    assertThat(reconnects.get()).as("watchers did disconnect").isGreaterThanOrEqualTo(WATCHERS);
    assertThat(problems).isEmpty();
  }

  /**
   * Watches from the start, dropping the stream after a random number of events or when a random
   * short deadline passes, and resuming from the last revision received, until it has reached
   * {@code target}.
   */
  private static List<Seen> watch(AtomicLong target, AtomicInteger reconnects) {
    List<Seen> seen = new ArrayList<>();
    long last = 0;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (last < target.get()) {
      int dropAfter = random.nextInt(1, 200);
      Context.CancellableContext stream = Context.current().withCancellation();
      Context previous = stream.attach();
      try {
        Iterator<ChangeEvent> events =
            RoutingServiceGrpc.newBlockingStub(service.channel())
                .withDeadlineAfter(random.nextLong(200, 1500), TimeUnit.MILLISECONDS)
                .watchChanges(WatchChangesRequest.newBuilder().setSinceRevision(last).build());
        int count = 0;
        while (events.hasNext()) {
          ChangeEvent event = events.next();
          seen.add(new Seen(event.getRevision(), event.getResourceId()));
          last = event.getRevision();
          if (++count >= dropAfter || last >= target.get()) {
            break;
          }
        }
      } catch (StatusRuntimeException e) {
        // DEADLINE_EXCEEDED or CANCELLED: the random disconnect; resume below
      } finally {
        stream.detach(previous);
        stream.cancel(null);
      }
      if (last < target.get()) {
        reconnects.incrementAndGet();
      }
    }
    return seen;
  }

  private static boolean writeGrpc(PhoneNumber number, int value) {
    try {
      PhoneNumberServiceGrpc.newBlockingStub(service.channel())
          .withDeadlineAfter(30, TimeUnit.SECONDS)
          .updatePhoneNumber(ServiceUnderTest.voiceLimitUpdate(number.getId(), "", value));
      return true;
    } catch (StatusRuntimeException e) {
      return false;
    }
  }

  private static boolean writeRest(PhoneNumber number, int value) throws Exception {
    HttpResponse<String> response =
        service.send(
            "PATCH",
            "/api/v1/phone-numbers/" + number.getId(),
            "{\"channel_settings\":{\"sms\":{\"channel_limit\":" + value + "}}}");
    return response.statusCode() == 200;
  }

  private static List<Seen> table() throws Exception {
    List<Seen> all = new ArrayList<>();
    try (Connection c = service.openJdbc();
        ResultSet rows =
            c.createStatement()
                .executeQuery(
                    "SELECT revision, resource_id FROM change_events ORDER BY revision")) {
      while (rows.next()) {
        all.add(new Seen(rows.getLong(1), rows.getString(2)));
      }
    }
    return all;
  }

  private static int firstDifference(List<Seen> a, List<Seen> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      if (!a.get(i).equals(b.get(i))) {
        return i;
      }
    }
    return Math.min(a.size(), b.size());
  }
}
