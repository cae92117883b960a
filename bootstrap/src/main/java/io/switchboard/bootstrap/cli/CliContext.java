package io.switchboard.bootstrap.cli;

import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * What a command run sees of the world: the environment, the streams, whether stdout is a terminal.
 */
public record CliContext(
    Map<String, String> environment,
    PrintStream out,
    PrintStream err,
    boolean terminal,
    LongSupplier nanoTime,
    Jobs.Sleeper sleeper) {

  public CliContext {
    environment = Map.copyOf(environment);
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    Objects.requireNonNull(nanoTime, "nanoTime");
    Objects.requireNonNull(sleeper, "sleeper");
  }

  /** This process's: its environment, System.out and System.err, the real clock. */
  public static CliContext ofProcess() {
    return new CliContext(
        System.getenv(),
        System.out,
        System.err,
        Terminal.stdoutIsTerminal(),
        System::nanoTime,
        duration -> Thread.sleep(duration.toMillis()));
  }
}
