package io.switchboard.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * An open-loop load generator: request i is due at {@code start + i / rate}, whatever happened to
 * the ones before, and its latency counts from that intended send time, so a stall of the server
 * shows in full in the tail instead of slowing the sender down (no coordinated omission). A pool of
 * {@code senders} threads takes the due requests in order; when all are busy, a request waits and
 * the wait is part of its latency.
 */
final class OpenLoopGenerator {

  private final Duration warmup;
  private final Duration measure;
  private final int senders;
  private final CpuMeter cpu;

  OpenLoopGenerator(Duration warmup, Duration measure, int senders, CpuMeter cpu) {
    this.warmup = warmup;
    this.measure = measure;
    this.senders = senders;
    this.cpu = cpu;
  }

  Measurement run(String name, double ratePerSecond, LoadGenerator.Workload workload) {
    long intervalNanos = Math.max(1, (long) (1e9 / ratePerSecond));
    long start = System.nanoTime() + 50_000_000L;
    long measureFrom = start + warmup.toNanos();
    long end = measureFrom + measure.toNanos();
    AtomicLong next = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    List<Histogram> histograms = new ArrayList<>();
    long[][] counts = new long[senders][2];
    List<Thread> threads = new ArrayList<>();
    double[] cpuAt = new double[2];
    for (int w = 0; w < senders; w++) {
      Histogram histogram = Measurement.newHistogram();
      histograms.add(histogram);
      LoadGenerator.Call call = workload.forWorker(w);
      int worker = w;
      threads.add(
          Thread.ofPlatform()
              .name("open-" + name + "-" + w)
              .daemon()
              .start(() -> {
                while (true) {
                  long intended = start + next.getAndIncrement() * intervalNanos;
                  if (intended >= end) {
                    return;
                  }
                  long wait;
                  while ((wait = intended - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                  }
                  boolean ok;
                  try {
                    call.run();
                    ok = true;
                  } catch (Exception e) {
                    ok = false;
                    firstError.compareAndSet(
                        null, e.getClass().getSimpleName() + ": " + e.getMessage());
                  }
                  if (intended >= measureFrom) {
                    long micros = (System.nanoTime() - intended) / 1000;
                    if (ok) {
                      histogram.recordValue(
                          Math.max(1, Math.min(micros, histogram.getHighestTrackableValue())));
                      counts[worker][0]++;
                    } else {
                      counts[worker][1]++;
                    }
                  }
                }
              }));
    }
    LockSupport.parkNanos(Math.max(0, measureFrom - System.nanoTime()));
    cpuAt[0] = cpu.cpuSeconds();
    LockSupport.parkNanos(Math.max(0, end - System.nanoTime()));
    cpuAt[1] = cpu.cpuSeconds();
    for (Thread t : threads) {
      try {
        t.join(Duration.ofSeconds(60));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Histogram all = Measurement.newHistogram();
    histograms.forEach(all::add);
    long requests = 0;
    long errors = 0;
    for (long[] c : counts) {
      requests += c[0];
      errors += c[1];
    }
    return new Measurement(
        name,
        senders,
        requests,
        errors,
        measure.toNanos() / 1e9,
        all,
        cpuAt[1] - cpuAt[0],
        firstError.get());
  }
}
