package io.switchboard.benchmarks;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Profiles each measured window with async-profiler when {@code SWITCHBOARD_BENCH_PROFILE} names a
 * directory and async-profiler's jar ({@code tools.profiler:async-profiler}, Maven Central) is on
 * the class path: one collapsed-stack file per measured window (not the JIT warm-up's), CPU samples
 * of every thread, so the startup's work stays out. A developer's tool, off unless asked for; see
 * BENCHMARKS.md.
 */
final class Profiler {

  private static final String DIRECTORY = System.getenv("SWITCHBOARD_BENCH_PROFILE");

  /**
   * {@code cpu} unless {@code SWITCHBOARD_BENCH_PROFILE_EVENT} names another (e.g. {@code wall}).
   */
  private static final String EVENT =
      System.getenv().getOrDefault("SWITCHBOARD_BENCH_PROFILE_EVENT", "cpu");

  private static final AtomicInteger WINDOWS = new AtomicInteger();
  private static final Object PROFILER = load();

  private Profiler() {}

  /**
   * @return whether this window is profiled: every measured one, not the JIT warm-up's
   */
  static boolean start(String name) {
    if (PROFILER == null || name.startsWith("warm-")) {
      return false;
    }
    execute("start,event=" + EVENT + ",interval=1ms,threads");
    return true;
  }

  static void stop(String name) {
    if (PROFILER != null) {
      Path file = Path.of(DIRECTORY, WINDOWS.incrementAndGet() + "-" + name + ".collapsed");
      execute("stop,collapsed,file=" + file.toAbsolutePath());
      System.err.println("profile of " + name + " in " + file);
    }
  }

  private static Object load() {
    if (DIRECTORY == null || DIRECTORY.isBlank()) {
      return null;
    }
    try {
      return Class.forName("one.profiler.AsyncProfiler").getMethod("getInstance").invoke(null);
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalStateException(
          "SWITCHBOARD_BENCH_PROFILE is set but async-profiler cannot be loaded", e);
    }
  }

  private static void execute(String command) {
    if (PROFILER == null) {
      return;
    }
    try {
      Method execute = PROFILER.getClass().getMethod("execute", String.class);
      execute.invoke(PROFILER, command);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("async-profiler refused " + command, e);
    }
  }
}
