package io.switchboard.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * PostgreSQL's own load generator as the database baseline, over TCP against the same server and
 * database as Switchboard. Latencies come from its per-transaction log ({@code -l}); its CPU time
 * from {@code /proc/<pid>/stat} of a shell that waited for it (children's user + system time), so
 * the connection backends are not counted, as they are not for the in-process rows either.
 */
final class Pgbench {

  /**
   * One transaction per request, like one use-case call: a single-row UPDATE of a random account.
   */
  static final String SINGLE_ROW_UPDATE =
      """
      \\set aid random(1, 100000 * :scale)
      UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = :aid;
      """;

  private static final Pattern TPS =
      Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

  private final String executable;
  private final PgTarget target;
  private final Path workDir;

  Pgbench(PgTarget target, Path workDir) {
    this.executable = find();
    this.target = target;
    this.workDir = workDir;
  }

  static String find() {
    for (String candidate :
        List.of(
            "/usr/lib/postgresql/15/bin/pgbench",
            "/usr/lib/postgresql/16/bin/pgbench",
            "/usr/lib/postgresql/17/bin/pgbench")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    return "pgbench";
  }

  String version() {
    return exec(List.of(executable, "--version")).trim();
  }

  /** {@code pgbench -i -s 1}: 100,000 accounts, in the benchmark's database. */
  void initialise() {
    List<String> command = new ArrayList<>(List.of(executable, "-i", "-s", "1", "-q"));
    command.addAll(target.pgbenchConnectionArgs());
    exec(command);
  }

  /** Runs pgbench for warm-up (not recorded), then for the measured window. */
  Measurement run(
      String name, int clients, List<String> modeArgs, Duration warmup, Duration measure) {
    runOnce(clients, modeArgs, warmup, null);
    Path logDir;
    try {
      logDir = Files.createTempDirectory(workDir, "pgbench-log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String prefix = logDir.resolve("tx").toString();
    Result result = runOnce(clients, modeArgs, measure, prefix);
    Histogram latencies = Measurement.newHistogram();
    long requests = 0;
    try (Stream<Path> files = Files.list(logDir)) {
      for (Path file : files.toList()) {
        try (Stream<String> lines = Files.lines(file)) {
          for (String line : (Iterable<String>) lines::iterator) {
            // client_id transaction_no time script_no time_epoch time_us; time is the latency in µs
            String[] f = line.split(" ");
            long micros = Long.parseLong(f[2]);
            latencies.recordValue(
                Math.max(1, Math.min(micros, latencies.getHighestTrackableValue())));
            requests++;
          }
        }
        Files.delete(file);
      }
      Files.delete(logDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // pgbench's own window excludes connection setup; count / tps gives that window
    double seconds = result.tps > 0 ? requests / result.tps : measure.toNanos() / 1e9;
    return new Measurement(name, clients, requests, 0, seconds, latencies, result.cpuSeconds, null);
  }

  private record Result(double tps, double cpuSeconds) {}

  private Result runOnce(int clients, List<String> modeArgs, Duration duration, String logPrefix) {
    int threads = Math.min(clients, Runtime.getRuntime().availableProcessors());
    List<String> pgbench =
        new ArrayList<>(
            List.of(
                executable,
                "-n",
                "-c",
                Integer.toString(clients),
                "-j",
                Integer.toString(threads),
                "-T",
                Long.toString(Math.max(1, duration.toSeconds()))));
    if (logPrefix != null) {
      pgbench.addAll(List.of("-l", "--log-prefix=" + logPrefix));
    }
    pgbench.addAll(modeArgs);
    pgbench.addAll(target.pgbenchConnectionArgs());
    // the shell reaps pgbench, then reads its own stat line: fields 16/17 hold the waited-for
    // child's CPU time
    List<String> command =
        new ArrayList<>(
            List.of(
                "sh",
                "-c",
                "\"$@\"; status=$?; read -r stat < /proc/$$/stat; echo \"SELFSTAT $stat\"; exit $status",
                "sh"));
    command.addAll(pgbench);
    String output = exec(command);
    Matcher tps = TPS.matcher(output);
    double cpu = Double.NaN;
    for (String line : output.split("\n")) {
      if (line.startsWith("SELFSTAT ")) {
        cpu = CpuMeter.fromProcStat(line.substring("SELFSTAT ".length()));
      }
    }
    return new Result(tps.find() ? Double.parseDouble(tps.group(1)) : -1, cpu);
  }

  private String exec(List<String> command) {
    try {
      var builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().putAll(target.pgbenchEnvironment());
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes());
      int status = process.waitFor();
      if (status != 0) {
        throw new IllegalStateException(
            "pgbench failed (exit " + status + "): " + command + "\n" + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
