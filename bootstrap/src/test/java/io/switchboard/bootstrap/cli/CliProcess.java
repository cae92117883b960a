package io.switchboard.bootstrap.cli;

import io.switchboard.bootstrap.MainCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The CLI run as an operator runs it: its own JVM, stdout and stderr through pipes. */
public final class CliProcess {

  /** How one run ended. */
  public record Outcome(int exitCode, String stdout, String stderr) {
    public List<String> outLines() {
      return stdout.lines().toList();
    }

    public List<String> errLines() {
      return stderr.lines().toList();
    }
  }

  private final Path work;
  private final Map<String, String> environment;

  /** Runs with {@code environment} (the key, the address) on top of this process's own. */
  public CliProcess(Path work, Map<String, String> environment) {
    this.work = work;
    this.environment = Map.copyOf(environment);
  }

  public Outcome run(String... arguments) throws IOException, InterruptedException {
    return run(Map.of(), arguments);
  }

  public Outcome run(Map<String, String> moreEnvironment, String... arguments)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(work, "cli", ".out");
    Path err = Files.createTempFile(work, "cli", ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command(arguments))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().putAll(environment);
    builder.environment().putAll(moreEnvironment);
    Process process = builder.start();
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("the CLI did not end: " + Arrays.toString(arguments));
    }
    return new Outcome(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** The command line of one run, for a terminal to start. */
  public static List<String> command(String... arguments) {
    return MainCommand.of(jvmOptions(), List.of(arguments));
  }

  /**
   * From JDK 24 the JVM itself writes four lines to stderr when protobuf first touches
   * sun.misc.Unsafe; the flag the README gives operators on such a JDK keeps stderr to the CLI's
   * one line (JDK 21 knows neither the warning nor the flag).
   */
  private static List<String> jvmOptions() {
    List<String> options = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1"));
    if (Runtime.version().feature() >= 24) {
      options.add("--sun-misc-unsafe-memory-access=allow");
    }
    return options;
  }
}
