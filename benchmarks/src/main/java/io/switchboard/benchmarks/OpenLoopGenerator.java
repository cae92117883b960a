package io.switchboard.benchmarks;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * An open-loop load generator: request i is due at {@code start + i / rate}, whatever happened to
 * the ones before, and its latency counts from that intended send time, so a stall of the server
 * shows in full in the tail instead of slowing the sender down (no coordinated omission). At most
 * {@code inFlight} requests are outstanding; a due request waits for one of them to answer, and the
 * wait is part of its latency.
 *
 * <p>One thread sends every request asynchronously and the answers are counted where they arrive
 * (the client's event loop). Until the sixth pass of issue 17 a pool of 64 threads each slept until
 * its next request was due and blocked on the answer: two thread wake-ups per request that the
 * closed loop does not pay, which on two cores brought the machine close to saturation at 70 % of
 * the closed-loop rate and measured the generator's own queueing in the tail.
 */
final class OpenLoopGenerator {

  /** Sends one request without waiting; {@code done} is told once, with null when it succeeded. */
  @FunctionalInterface
  interface AsyncCall {
    void send(Consumer<Throwable> done);
  }

  private final Duration warmup;
  private final Duration measure;
  private final int inFlight;
  private final CpuMeter cpu;

  OpenLoopGenerator(Duration warmup, Duration measure, int inFlight, CpuMeter cpu) {
    this.warmup = warmup;
    this.measure = measure;
    this.inFlight = inFlight;
    this.cpu = cpu;
  }

  Measurement run(String name, double ratePerSecond, AsyncCall call) {
    long intervalNanos = Math.max(1, (long) (1e9 / ratePerSecond));
    long start = System.nanoTime() + 50_000_000L;
    long measureFrom = start + warmup.toNanos();
    long end = measureFrom + measure.toNanos();
    Semaphore slots = new Semaphore(inFlight);
    Histogram histogram = Measurement.newHistogram();
    AtomicLong succeeded = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    double cpuFrom = Double.NaN;
    for (long i = 0; ; i++) {
      long intended = start + i * intervalNanos;
      if (intended >= end) {
        break;
      }
      long wait;
      while ((wait = intended - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      if (intended >= measureFrom && Double.isNaN(cpuFrom)) {
        cpuFrom = cpu.cpuSeconds();
      }
      slots.acquireUninterruptibly();
      boolean measured = intended >= measureFrom;
      call.send(error -> {
        if (measured) {
          long micros = (System.nanoTime() - intended) / 1000;
          if (error == null) {
            synchronized (histogram) {
              histogram.recordValue(
                  Math.max(1, Math.min(micros, histogram.getHighestTrackableValue())));
            }
            succeeded.incrementAndGet();
          } else {
            failed.incrementAndGet();
            firstError.compareAndSet(
                null, error.getClass().getSimpleName() + ": " + error.getMessage());
          }
        }
        slots.release();
      });
    }
    double cpuTo = cpu.cpuSeconds();
    try {
      // the last answers, before the histogram is read
      if (!slots.tryAcquire(inFlight, 60, TimeUnit.SECONDS)) {
        firstError.compareAndSet(null, "answers still outstanding 60 s after the last send");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Histogram all = Measurement.newHistogram();
    synchronized (histogram) {
      all.add(histogram);
    }
    return new Measurement(
        name,
        inFlight,
        succeeded.get(),
        failed.get(),
        measure.toNanos() / 1e9,
        all,
        cpuTo - cpuFrom,
        firstError.get());
  }
}
