package io.switchboard.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU seconds a process has used so far. */
interface CpuMeter {

  double cpuSeconds();

  /** This JVM: servers under test and the load generator share it, as do their baselines. */
  static CpuMeter thisProcess() {
    var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    return () -> os.getProcessCpuTime() / 1e9;
  }

  /**
   * Linux clock ticks per second, as used by /proc/<pid>/stat ({@code getconf CLK_TCK}; 100 on
   * every mainstream kernel).
   */
  double CLOCK_TICKS_PER_SECOND = clockTicks();

  /**
   * User + system time of a process and of its children that it has waited for, from one line of
   * {@code /proc/<pid>/stat} (fields 14-17; the command name in parentheses may itself contain
   * spaces).
   */
  static double fromProcStat(String statLine) {
    String[] fields = statLine.substring(statLine.lastIndexOf(')') + 2).trim().split("\\s+");
    // fields[0] is field 3 (state), so field n is fields[n - 3]
    long ticks = 0;
    for (int field = 14; field <= 17; field++) {
      ticks += Long.parseLong(fields[field - 3]);
    }
    return ticks / CLOCK_TICKS_PER_SECOND;
  }

  /** Resident set size of this process in bytes, from /proc/self/status. */
  static long residentSetBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  private static double clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor();
      return Double.parseDouble(out);
    } catch (IOException | RuntimeException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
