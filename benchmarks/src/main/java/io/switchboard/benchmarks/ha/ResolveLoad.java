package io.switchboard.benchmarks.ha;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.switchboard.proto.v1.Channel;
import io.switchboard.proto.v1.ResolveInboundRequest;
import io.switchboard.proto.v1.ResolveInboundResponse;
import io.switchboard.proto.v1.RoutingServiceGrpc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * Call routers: each thread resolves a random number, one call at a time, over the channels it is
 * given in turn (one per replica in scenario 1, the one round-robin channel in scenario 2). Every
 * call that does not answer OK is a failure; there is no retry here beyond the channel's own
 * policy. Calls are kept so latency can be cut by window.
 */
final class ResolveLoad {

  /**
   * One call: when it ended, how long it took, which channel, and its outcome ("OK" or the gRPC
   * code).
   */
  record Call(long endNanos, long micros, int channel, String outcome) {}

  private final ManagedChannel[] channels;
  private final int threads;
  private final long pauseMillis;
  private final AtomicReference<List<String>> numbers;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Thread> started = new ArrayList<>();
  final Queue<Call> calls = new ConcurrentLinkedQueue<>();

  ResolveLoad(ManagedChannel[] channels, int threads, long pauseMillis, List<String> numbers) {
    this.channels = channels;
    this.threads = threads;
    this.pauseMillis = pauseMillis;
    this.numbers = new AtomicReference<>(List.copyOf(numbers));
  }

  /**
   * From now on resolve these numbers (e.g. adding ones never resolved before, in the middle of an
   * outage).
   */
  void resolveFrom(List<String> numbers) {
    this.numbers.set(List.copyOf(numbers));
  }

  void start() {
    for (int t = 0; t < threads; t++) {
      int first = t;
      started.add(Thread.ofPlatform().name("resolver-" + t).daemon().start(() -> loop(first)));
    }
  }

  void stop() throws InterruptedException {
    running.set(false);
    for (Thread t : started) {
      t.join(10_000);
    }
  }

  private void loop(int first) {
    int next = first;
    while (running.get()) {
      int c = next++ % channels.length;
      List<String> pool = numbers.get();
      String number = pool.get(ThreadLocalRandom.current().nextInt(pool.size()));
      long start = System.nanoTime();
      String outcome;
      try {
        resolve(channels[c], number);
        outcome = "OK";
      } catch (StatusRuntimeException e) {
        outcome = e.getStatus().getCode().name();
      }
      long end = System.nanoTime();
      calls.add(new Call(end, TimeUnit.NANOSECONDS.toMicros(end - start), c, outcome));
      if (pauseMillis > 0) {
        try {
          Thread.sleep(pauseMillis);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** A call router's patience; SWITCHBOARD_HA_RESOLVE_DEADLINE_MS (default 2000). */
  private static final long DEADLINE_MILLIS =
      HaScenarios.setting("SWITCHBOARD_HA_RESOLVE_DEADLINE_MS", 2000);

  static ResolveInboundResponse resolve(ManagedChannel channel, String number) {
    return RoutingServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(DEADLINE_MILLIS, TimeUnit.MILLISECONDS)
        .resolveInbound(
            ResolveInboundRequest.newBuilder()
                .setCalledNumber(number)
                .setChannel(Channel.CHANNEL_CALL)
                .build());
  }

  /** Failed calls ended within [from, to], by outcome. */
  Map<String, Integer> failures(long fromNanos, long toNanos) {
    Map<String, Integer> failed = new TreeMap<>();
    for (Call call : calls) {
      if (!call.outcome().equals("OK")
          && call.endNanos() >= fromNanos
          && call.endNanos() <= toNanos) {
        failed.merge(call.outcome(), 1, Integer::sum);
      }
    }
    return failed;
  }

  /**
   * Each failed call that ended within [from, to]: when it ended (seconds after {@code
   * originNanos}), on which channel, after how long, so a failure can be matched with the logs.
   */
  List<String> failedCalls(long originNanos, long fromNanos, long toNanos) {
    return calls.stream()
        .filter(c -> !c.outcome().equals("OK"))
        .filter(c -> c.endNanos() >= fromNanos && c.endNanos() <= toNanos)
        .sorted(java.util.Comparator.comparingLong(Call::endNanos))
        .map(c ->
            String.format(
                "%s at %.1f s on channel %d after %d ms",
                c.outcome(),
                (c.endNanos() - originNanos) / 1e9,
                c.channel() + 1,
                c.micros() / 1000))
        .toList();
  }

  long count(long fromNanos, long toNanos) {
    return calls.stream().filter(c -> c.endNanos() >= fromNanos && c.endNanos() <= toNanos).count();
  }

  /** Latency of the calls that ended within [from, to] (successful or not). */
  Histogram latency(long fromNanos, long toNanos) {
    Histogram h = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
    for (Call call : calls) {
      if (call.endNanos() >= fromNanos && call.endNanos() <= toNanos) {
        h.recordValue(Math.min(call.micros(), h.getHighestTrackableValue()));
      }
    }
    return h;
  }
}
