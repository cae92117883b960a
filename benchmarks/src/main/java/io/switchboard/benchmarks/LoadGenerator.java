package io.switchboard.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop load generator: {@code concurrency} threads each issue one request, wait for its
 * answer and issue the next, with no think time. Requests that start during the warm-up are not
 * counted; latencies are recorded in microseconds into one HdrHistogram per thread, merged at the
 * end. Baselines and Switchboard are driven by the very same loop, so what differs between two rows
 * is only what answers.
 */
final class LoadGenerator {

  /** One request; throws when it failed. */
  @FunctionalInterface
  interface Call {
    void run() throws Exception;
  }

  /** Gives each worker its own call (its own random source, stub, connection …). */
  @FunctionalInterface
  interface Workload {
    Call forWorker(int worker);
  }

  private enum Phase {
    WARMUP,
    MEASURE,
    STOP
  }

  /**
   * With {@code SWITCHBOARD_BENCH_TRACE=1} every load prints its completions per second to stderr
   * (JIT warm-up shows).
   */
  private static final boolean TRACE = "1".equals(System.getenv("SWITCHBOARD_BENCH_TRACE"));

  private final Duration warmup;
  private final Duration measure;
  private final CpuMeter cpu;

  LoadGenerator(Duration warmup, Duration measure, CpuMeter cpu) {
    this.warmup = warmup;
    this.measure = measure;
    this.cpu = cpu;
  }

  Measurement run(String name, int concurrency, Workload workload) {
    return run(name, concurrency, workload, () -> {});
  }

  /**
   * @param duringMeasurement started when the measured window opens, interrupted when it closes
   *     (e.g. a scraper)
   */
  Measurement run(String name, int concurrency, Workload workload, Runnable duringMeasurement) {
    var phaseRef = new AtomicReference<>(Phase.WARMUP);
    var histograms = new ArrayList<Histogram>();
    var counts = new long[concurrency][2];
    var firstError = new AtomicReference<String>();
    var completed = new LongAdder();
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < concurrency; w++) {
      Histogram histogram = Measurement.newHistogram();
      histograms.add(histogram);
      Call call = workload.forWorker(w);
      int worker = w;
      workers.add(
          Thread.ofPlatform()
              .name("load-" + name + "-" + w)
              .daemon()
              .start(() -> {
                Phase current;
                while ((current = phaseRef.get()) != Phase.STOP) {
                  long start = System.nanoTime();
                  boolean ok;
                  try {
                    call.run();
                    ok = true;
                  } catch (Exception e) {
                    ok = false;
                    firstError.compareAndSet(
                        null, e.getClass().getSimpleName() + ": " + e.getMessage());
                  }
                  long micros = (System.nanoTime() - start) / 1000;
                  completed.increment();
                  if (current == Phase.MEASURE) {
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
    waitOut(name, warmup, completed);
    double cpuBefore = cpu.cpuSeconds();
    long started = System.nanoTime();
    phaseRef.set(Phase.MEASURE);
    Thread side = Thread.ofPlatform().name("during-" + name).daemon().start(duringMeasurement);
    boolean profiled = Profiler.start(name);
    waitOut(name, measure, completed);
    if (profiled) {
      Profiler.stop(name);
    }
    phaseRef.set(Phase.STOP);
    long ended = System.nanoTime();
    double cpuAfter = cpu.cpuSeconds();
    side.interrupt();
    for (Thread worker : workers) {
      try {
        worker.join(Duration.ofSeconds(60));
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
        concurrency,
        requests,
        errors,
        (ended - started) / 1e9,
        all,
        cpuAfter - cpuBefore,
        firstError.get());
  }

  /**
   * Waits out a phase; with {@link #TRACE} on, counts the completions of each second meanwhile and
   * prints them.
   */
  private static void waitOut(String name, Duration duration, LongAdder completed) {
    if (!TRACE) {
      sleep(duration);
      return;
    }
    StringBuilder perSecond = new StringBuilder();
    long end = System.nanoTime() + duration.toNanos();
    long before = completed.sum();
    while (System.nanoTime() < end) {
      sleep(Duration.ofNanos(Math.min(1_000_000_000L, end - System.nanoTime())));
      long now = completed.sum();
      perSecond.append(' ').append(now - before);
      before = now;
    }
    System.err.println("trace " + name + ":" + perSecond);
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
