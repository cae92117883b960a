package io.switchboard.benchmarks.ha;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.switchboard.proto.v1.AvailableNumber;
import io.switchboard.proto.v1.Capabilities;
import io.switchboard.proto.v1.GetPhoneNumberRequest;
import io.switchboard.proto.v1.ImportNumbersRequest;
import io.switchboard.proto.v1.InventoryServiceGrpc;
import io.switchboard.proto.v1.Money;
import io.switchboard.proto.v1.NumberType;
import io.switchboard.proto.v1.OrderPhoneNumbersRequest;
import io.switchboard.proto.v1.PhoneNumber;
import io.switchboard.proto.v1.PhoneNumberRef;
import io.switchboard.proto.v1.PhoneNumberServiceGrpc;
import io.switchboard.proto.v1.ResolveInboundResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * The scenarios of issue 16 against the cluster of {@code deploy/local-ha/run up}: (1) the
 * PostgreSQL leader killed under load, (2) a rolling SIGTERM restart of the three replicas under
 * load, (3) pgBackRest point-in-time recovery. Prints one {@code HA …} line per figure and exits 1
 * when a figure that must be zero is not.
 *
 * <p>Usage: {@code HaScenarios <state.env> <deploy/local-ha/run> [1,2,3]}; durations and load sizes
 * are the {@code SWITCHBOARD_HA_*} settings the script documents.
 */
public final class HaScenarios {

  private final HaCluster cluster;
  private final List<String> violations = new ArrayList<>();
  private final AtomicInteger nextNumber =
      new AtomicInteger(1000 + 100 * ThreadLocalRandom.current().nextInt(60));
  private final int loadSeconds = setting("SWITCHBOARD_HA_LOAD_SECONDS", 60);
  private final int baselineSeconds = setting("SWITCHBOARD_HA_BASELINE_SECONDS", 10);
  private final int writers = setting("SWITCHBOARD_HA_WRITERS", 6);
  private final int resolvers = setting("SWITCHBOARD_HA_RESOLVERS", 4);
  private final int coldNumbers = setting("SWITCHBOARD_HA_COLD_NUMBERS", 20);
  private final int rollPauseSeconds = setting("SWITCHBOARD_HA_ROLL_PAUSE_SECONDS", 5);
  private final int coherenceSeconds = setting("SWITCHBOARD_HA_COHERENCE_SECONDS", 15);

  private HaScenarios(HaCluster cluster) {
    this.cluster = cluster;
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: HaScenarios <state.env> <deploy/local-ha/run> [1,2,3]");
      System.exit(2);
    }
    List<String> which = List.of((args.length > 2 ? args[2] : "1,2,3").split(","));
    int status;
    try (HaCluster cluster = new HaCluster(Path.of(args[0]), Path.of(args[1]))) {
      HaScenarios scenarios = new HaScenarios(cluster);
      long started = System.nanoTime();
      if (which.contains("1")) {
        scenarios.leaderKilled();
      }
      if (which.contains("2")) {
        scenarios.rollingRestart();
      }
      if (which.contains("3")) {
        scenarios.pointInTimeRecovery();
      }
      figure("all", "scenarios " + which + " took " + seconds(System.nanoTime() - started) + " s");
      if (scenarios.violations.isEmpty()) {
        figure("all", "every must-be-zero figure is 0");
        status = 0;
      } else {
        figure("all", "FAILED: " + scenarios.violations);
        status = 1;
      }
    }
    System.exit(status);
  }

  // --- scenario 1
  // -------------------------------------------------------------------------------------------

  private void leaderKilled() throws Exception {
    String s = "scenario-1";
    List<ManagedChannel> perReplica = new ArrayList<>();
    for (HaCluster.Replica r : cluster.replicas) {
      perReplica.add(cluster.channelTo(r.grpcPort()));
    }
    ManagedChannel[] channels = perReplica.toArray(ManagedChannel[]::new);
    List<PhoneNumber> bought = buy(channels[0], writers + coldNumbers);
    List<PhoneNumber> hot = bought.subList(0, writers);
    List<String> all = bought.stream().map(PhoneNumber::getNumber).toList();
    int grpcWriters = (writers + 1) / 2;
    WriteLoad writes = new WriteLoad(hot, grpcWriters, channels, httpPorts(), cluster.apiKey, 20);
    ResolveLoad resolves =
        new ResolveLoad(channels, resolvers, 2, hot.stream().map(PhoneNumber::getNumber).toList());

    long start = System.nanoTime();
    writes.start();
    resolves.start();
    TimeUnit.SECONDS.sleep(loadSeconds / 2);
    List<String> killed = new ArrayList<>(cluster.script("kill-leader"));
    long kill =
        nanosAt(
            killed.stream()
                .filter(l -> l.startsWith("KILLED_AT_MS="))
                .findFirst()
                .map(l -> Long.parseLong(l.substring("KILLED_AT_MS=".length())))
                .orElseThrow(
                    () -> new IllegalStateException("kill-leader printed no time: " + killed)));
    killed.removeIf(l -> l.startsWith("KILLED_AT_MS="));
    // numbers nobody resolved before are called for the first time while the leader is gone
    resolves.resolveFrom(all);
    TimeUnit.SECONDS.sleep(loadSeconds - loadSeconds / 2);
    long end = System.nanoTime();
    resolves.stop();
    writes.stop();
    long written = System.nanoTime();

    Long recovered =
        writes.attempts.stream()
            .filter(a -> a.ok() && a.startNanos() >= kill)
            .map(a -> a.endNanos() - kill)
            .min(Long::compare)
            .orElse(null);
    Long lastFailure =
        writes.attempts.stream()
            .filter(a -> !a.ok() && a.endNanos() >= kill)
            .map(a -> a.endNanos() - kill)
            .max(Long::compare)
            .orElse(null);
    WriteLoad.Verdict verdict;
    try (Connection leader = cluster.openLeader()) {
      verdict = writes.verify(leader);
    }
    Map<String, Integer> failedResolves = resolves.failures(start, end);
    int failedResolveCount = failedResolves.values().stream().mapToInt(Integer::intValue).sum();

    figure(
        s,
        "load "
            + seconds(end - start)
            + " s: "
            + writes.attempts.size()
            + " write attempts by "
            + grpcWriters
            + " gRPC + "
            + (writers - grpcWriters)
            + " REST writers, "
            + resolves.count(start, end)
            + " resolves by "
            + resolvers
            + " routers over 3 replicas; "
            + String.join(" ", killed)
            + " at "
            + seconds(kill - start)
            + " s");
    figure(
        s,
        "writes succeeded again "
            + (recovered == null ? "never" : seconds(recovered) + " s")
            + " after the kill"
            + " (target <= 30 s"
            + (recovered != null && recovered <= TimeUnit.SECONDS.toNanos(30)
                ? ", met"
                : ", MISSED")
            + "); last failed attempt "
            + (lastFailure == null ? "none" : seconds(lastFailure) + " s")
            + " after it; failed attempts "
            + writes.failedAttempts(kill, end)
            + " (each retried with its key)");
    mustBeZero(
        s,
        "acknowledged writes lost",
        verdict.lost().size(),
        verdict.acknowledged() + " acknowledged",
        verdict.lost());
    mustBeZero(
        s, "writes applied twice", verdict.appliedTwice().size(), "", verdict.appliedTwice());
    mustBeZero(
        s,
        "writes given up",
        writes.abandoned.size(),
        "finished in " + seconds(written - end) + " s after the load",
        List.copyOf(writes.abandoned));
    mustBeZero(
        s,
        "failed resolves",
        failedResolveCount,
        resolves.count(start, end)
            + " resolves, "
            + coldNumbers
            + " numbers first called after the kill; before the kill "
            + resolves.failures(start, kill)
            + " of "
            + resolves.count(start, kill)
            + ", after it "
            + resolves.failures(kill, end)
            + " of "
            + resolves.count(kill, end),
        resolves.failedCalls(start, start, end));

    // every replica's route cache holds the values written after the failover (change feed across
    // the switch)
    Map<String, Integer> expected = new java.util.HashMap<>();
    for (PhoneNumber n : hot) {
      expected.put(n.getNumber(), verdict.finalValues().get(n.getId()));
    }
    for (int r = 0; r < channels.length; r++) {
      long from = System.nanoTime();
      List<String> stale = stale(channels[r], expected);
      while (!stale.isEmpty()
          && System.nanoTime() - from < TimeUnit.SECONDS.toNanos(coherenceSeconds)) {
        TimeUnit.MILLISECONDS.sleep(200);
        stale = stale(channels[r], expected);
      }
      mustBeZero(
          s,
          "replica " + (r + 1) + " route-cache entries stale after " + coherenceSeconds + " s",
          stale.size(),
          stale.isEmpty()
              ? "coherent with the new leader "
                  + seconds(System.nanoTime() - from)
                  + " s after the load"
              : "",
          stale);
    }

    long rejoin = System.nanoTime();
    cluster.script("rejoin");
    figure(
        s,
        "the killed node rejoined as synchronous standby in "
            + seconds(System.nanoTime() - rejoin)
            + " s");
  }

  private static List<String> stale(ManagedChannel channel, Map<String, Integer> expected) {
    List<String> stale = new ArrayList<>();
    expected.forEach((number, value) -> {
      try {
        ResolveInboundResponse answer = ResolveLoad.resolve(channel, number);
        if (answer.getChannelLimit() != value) {
          stale.add(
              number + " answers " + answer.getChannelLimit() + ", the database holds " + value);
        }
      } catch (StatusRuntimeException e) {
        stale.add(number + " fails " + e.getStatus().getCode());
      }
    });
    return stale;
  }

  // --- scenario 2
  // -------------------------------------------------------------------------------------------

  private void rollingRestart() throws Exception {
    String s = "scenario-2";
    ManagedChannel roundRobin = cluster.roundRobinChannel();
    List<PhoneNumber> numbers = buy(roundRobin, writers);
    int grpcWriters = (writers + 1) / 2;
    WriteLoad writes =
        new WriteLoad(
            numbers,
            grpcWriters,
            new ManagedChannel[] {roundRobin},
            httpPorts(),
            cluster.apiKey,
            20);
    ResolveLoad resolves =
        new ResolveLoad(
            new ManagedChannel[] {roundRobin},
            resolvers,
            2,
            numbers.stream().map(PhoneNumber::getNumber).toList());
    long start = System.nanoTime();
    writes.start();
    resolves.start();
    TimeUnit.SECONDS.sleep(baselineSeconds);
    long rollStart = System.nanoTime();
    List<String> each = new ArrayList<>();
    for (HaCluster.Replica r : cluster.replicas) {
      long one = System.nanoTime();
      cluster.script("restart-replica", Integer.toString(r.index()));
      each.add(
          "replica "
              + r.index()
              + " from "
              + seconds(one - start)
              + " s for "
              + seconds(System.nanoTime() - one)
              + " s");
      // the round-robin channel reconnects with backoff; give it the time to count the replica in
      // again
      TimeUnit.SECONDS.sleep(rollPauseSeconds);
    }
    long rollEnd = System.nanoTime();
    TimeUnit.SECONDS.sleep(3);
    long end = System.nanoTime();
    resolves.stop();
    writes.stop();

    WriteLoad.Verdict verdict;
    try (Connection leader = cluster.openLeader()) {
      verdict = writes.verify(leader);
    }
    Map<String, Integer> failedResolves = resolves.failures(start, end);
    Map<String, Integer> failedGrpcWriteOutcomes = new java.util.TreeMap<>();
    writes.attempts.stream()
        .filter(a -> !a.ok() && a.writer() < grpcWriters)
        .forEach(a -> failedGrpcWriteOutcomes.merge(a.outcome(), 1, Integer::sum));
    int failedGrpcWrites =
        failedGrpcWriteOutcomes.values().stream().mapToInt(Integer::intValue).sum();
    Map<String, Integer> restMoves = new java.util.TreeMap<>();
    writes.attempts.stream()
        .filter(a -> !a.ok() && a.writer() >= grpcWriters)
        .forEach(a -> restMoves.merge(a.outcome(), 1, Integer::sum));
    Histogram before = resolves.latency(start, rollStart);
    Histogram during = resolves.latency(rollStart, rollEnd);

    figure(
        s,
        "roll of 3 replicas (SIGTERM, drain, grace, start, ready): "
            + each
            + ", "
            + seconds(rollEnd - rollStart)
            + " s in all; "
            + resolves.count(start, end)
            + " resolves by "
            + resolvers
            + " routers and "
            + writes.attempts.size()
            + " write attempts over one round_robin channel (+ "
            + (writers - grpcWriters)
            + " REST writers)");
    mustBeZero(
        s,
        "failed gRPC calls",
        failedResolves.values().stream().mapToInt(Integer::intValue).sum() + failedGrpcWrites,
        "resolves " + failedResolves + ", gRPC writes " + failedGrpcWriteOutcomes,
        java.util.stream.Stream.concat(
                resolves.failedCalls(start, start, end).stream().map(c -> "resolve " + c),
                writes.attempts.stream()
                    .filter(a -> !a.ok() && a.writer() < grpcWriters)
                    .map(a ->
                        String.format(
                            "gRPC write %s at %.1f s after %d ms",
                            a.outcome(),
                            (a.endNanos() - start) / 1e9,
                            (a.endNanos() - a.startNanos()) / 1_000_000)))
            .toList());
    figure(
        s,
        "resolve latency p50/p99/max before the roll "
            + ms(before, 50)
            + "/"
            + ms(before, 99)
            + "/"
            + ms(before, 100)
            + " ms ("
            + before.getTotalCount()
            + " calls), during it "
            + ms(during, 50)
            + "/"
            + ms(during, 99)
            + "/"
            + ms(during, 100)
            + " ms ("
            + during.getTotalCount()
            + " calls)");
    figure(
        s,
        "REST attempts that met a replica going away and moved on with the same key: " + restMoves);
    mustBeZero(
        s,
        "acknowledged writes lost",
        verdict.lost().size(),
        verdict.acknowledged() + " acknowledged",
        verdict.lost());
    mustBeZero(
        s, "writes applied twice", verdict.appliedTwice().size(), "", verdict.appliedTwice());
    mustBeZero(s, "writes given up", writes.abandoned.size(), "", List.copyOf(writes.abandoned));
  }

  // --- scenario 3
  // -------------------------------------------------------------------------------------------

  private void pointInTimeRecovery() throws Exception {
    String s = "scenario-3";
    ManagedChannel channel = cluster.roundRobinChannel();
    long backupStart = System.nanoTime();
    cluster.script("backup");
    figure(
        s,
        "full pgBackRest backup in "
            + seconds(System.nanoTime() - backupStart)
            + " s (WAL archived continuously)");
    // pgBackRest keeps a backup's stop time in whole seconds and restores to a time only from a
    // backup that stopped before it: on a fast machine A and the noted time fell in the second the
    // backup stopped in, and the restore found no backup ("unable to find backup set with stop time
    // less than ...")
    TimeUnit.MILLISECONDS.sleep(1500);

    int count = 10;
    List<PhoneNumber> a = buy(channel, count);
    for (PhoneNumber n : a) {
      update(channel, n, 7);
    }
    String noted;
    try (Connection leader = cluster.openLeader();
        Statement st = leader.createStatement();
        ResultSet rows =
            st.executeQuery(
                "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'")) {
      rows.next();
      noted = rows.getString(1);
    }
    TimeUnit.MILLISECONDS.sleep(1500);
    List<PhoneNumber> b = buy(channel, count);
    for (PhoneNumber n : a) {
      update(channel, n, 9);
    }

    long restoreStart = System.nanoTime();
    List<String> out = cluster.script("restore", noted);
    String port =
        out.stream()
            .filter(l -> l.startsWith("PITR_GRPC_PORT="))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("restore printed no port: " + out))
            .substring("PITR_GRPC_PORT=".length());
    figure(
        s,
        "restored to "
            + noted
            + " into a fresh PostgreSQL and started a Switchboard on it in "
            + seconds(System.nanoTime() - restoreStart)
            + " s");
    ManagedChannel restored = cluster.channelTo(Integer.parseInt(port));
    List<String> missingA = new ArrayList<>();
    for (PhoneNumber n : a) {
      try {
        PhoneNumber found = get(restored, n);
        if (found.getChannelSettings().getInbound().getChannelLimit() != 7) {
          missingA.add(
              n.getNumber()
                  + " has inbound limit "
                  + found.getChannelSettings().getInbound().getChannelLimit()
                  + ", not A's 7");
        }
      } catch (StatusRuntimeException e) {
        missingA.add(n.getNumber() + ": " + e.getStatus().getCode());
      }
    }
    List<String> presentB = new ArrayList<>();
    for (PhoneNumber n : b) {
      try {
        get(restored, n);
        presentB.add(n.getNumber());
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
          presentB.add(n.getNumber() + ": " + e.getStatus().getCode() + " (expected NOT_FOUND)");
        }
      }
    }
    mustBeZero(
        s,
        "writes of A missing after the restore",
        missingA.size(),
        count + " numbers bought and set to 7 before the noted time",
        missingA);
    mustBeZero(
        s,
        "writes of B present after the restore",
        presentB.size(),
        count + " numbers bought and A set to 9 after it",
        presentB);
  }

  private static PhoneNumber get(ManagedChannel channel, PhoneNumber n) {
    return PhoneNumberServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .getPhoneNumber(
            GetPhoneNumberRequest.newBuilder()
                .setPhoneNumber(PhoneNumberRef.newBuilder().setId(n.getId()))
                .build());
  }

  private static void update(ManagedChannel channel, PhoneNumber n, int value) {
    PhoneNumberServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .updatePhoneNumber(
            WriteLoad.inboundLimitUpdate(n.getId(), value, UUID.randomUUID().toString()));
  }

  // --- shared
  // -----------------------------------------------------------------------------------------------

  /** Stocks {@code count} fresh numbers and orders them for the key's organization. */
  private List<PhoneNumber> buy(ManagedChannel channel, int count) {
    List<String> numbers = new ArrayList<>();
    ImportNumbersRequest.Builder stock =
        ImportNumbersRequest.newBuilder().setRequestId(UUID.randomUUID().toString());
    for (int i = 0; i < count; i++) {
      String number = "+1208443" + nextNumber.getAndIncrement();
      numbers.add(number);
      stock.addNumbers(
          AvailableNumber.newBuilder()
              .setNumber(number)
              .setType(NumberType.NUMBER_TYPE_LOCAL)
              .setCapabilities(Capabilities.newBuilder().setVoice(true).setSms(true))
              .setMonthlyFee(Money.newBuilder().setAmount("1.50").setCurrency("USD")));
    }
    InventoryServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(30, TimeUnit.SECONDS)
        .importNumbers(stock.build());
    return PhoneNumberServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(30, TimeUnit.SECONDS)
        .orderPhoneNumbers(
            OrderPhoneNumbersRequest.newBuilder()
                .addAllNumbers(numbers)
                .setRequestId(UUID.randomUUID().toString())
                .build())
        .getPhoneNumbersList();
  }

  private List<Integer> httpPorts() {
    return cluster.replicas.stream().map(HaCluster.Replica::httpPort).toList();
  }

  private void mustBeZero(
      String scenario, String what, int value, String context, List<String> examples) {
    figure(
        scenario,
        what
            + ": "
            + value
            + (context.isEmpty() ? "" : " (" + context + ")")
            + (value == 0 ? "" : " e.g. " + examples.subList(0, Math.min(20, examples.size()))));
    if (value != 0) {
      violations.add(scenario + " " + what + " = " + value);
    }
  }

  private static void figure(String scenario, String text) {
    System.out.println("HA " + scenario + " " + text);
    System.out.flush();
  }

  /** The System.nanoTime() of a wall-clock instant in the recent past. */
  private static long nanosAt(long epochMillis) {
    return System.nanoTime()
        - TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis() - epochMillis);
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
  }

  private static String ms(Histogram h, double percentile) {
    long micros = percentile >= 100 ? h.getMaxValue() : h.getValueAtPercentile(percentile);
    return String.format(Locale.ROOT, "%.1f", micros / 1000.0);
  }

  static int setting(String name, int fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
  }
}
