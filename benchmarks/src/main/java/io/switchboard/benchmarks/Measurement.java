package io.switchboard.benchmarks;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * What one closed-loop run measured: completed requests in the measured window, their latencies in
 * microseconds, and the CPU time the measured process spent in that window.
 */
record Measurement(
    String name,
    int concurrency,
    long requests,
    long errors,
    double seconds,
    Histogram latencyMicros,
    double cpuSeconds,
    String firstError) {

  static Histogram newHistogram() {
    // 1 µs .. 120 s at 3 significant digits
    return new Histogram(1, 120_000_000L, 3);
  }

  /** Rounds of one workload, taken in turns with another, as one measurement. */
  static Measurement merge(List<Measurement> rounds) {
    Histogram all = newHistogram();
    long requests = 0;
    long errors = 0;
    double seconds = 0;
    double cpu = 0;
    String firstError = null;
    for (Measurement m : rounds) {
      all.add(m.latencyMicros);
      requests += m.requests;
      errors += m.errors;
      seconds += m.seconds;
      cpu += m.cpuSeconds;
      firstError = firstError == null ? m.firstError : firstError;
    }
    Measurement first = rounds.get(0);
    return new Measurement(
        first.name, first.concurrency, requests, errors, seconds, all, cpu, firstError);
  }

  double throughput() {
    return requests / seconds;
  }

  double percentileMillis(double percentile) {
    return latencyMicros.getTotalCount() == 0
        ? Double.NaN
        : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
  }

  double cpuSecondsPer1000() {
    return requests == 0 || Double.isNaN(cpuSeconds) ? Double.NaN : cpuSeconds / requests * 1000.0;
  }
}
