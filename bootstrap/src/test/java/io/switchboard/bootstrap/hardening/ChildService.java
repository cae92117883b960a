package io.switchboard.bootstrap.hardening;

import io.switchboard.bootstrap.Main;
import io.switchboard.bootstrap.TestEnvironment;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link Main} in a child JVM with the given settings, its stdout and stderr kept in files, as an
 * operator runs it.
 */
final class ChildService implements AutoCloseable {

  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private ChildService(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  static ChildService start(Path work, Map<String, String> settings) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // the production logging configuration, not the test class path's logback-test.xml
    String logback = Main.class.getResource("/logback.xml").toString();
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-Dlogback.configurationFile=" + logback,
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("SWITCHBOARD_"));
    builder.environment().putAll(TestEnvironment.withTestDefaults(settings));
    File out = Files.createTempFile(work, "stdout", ".txt").toFile();
    File err = Files.createTempFile(work, "stderr", ".txt").toFile();
    builder.redirectOutput(out).redirectError(err);
    return new ChildService(builder.start(), out.toPath(), err.toPath());
  }

  /**
   * Waits for the "Switchboard listening" line; false when the process ended or the time ran out
   * first.
   */
  boolean awaitListening(Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (output().contains("Switchboard listening")) {
        return true;
      }
      if (!process.isAlive()) {
        return false;
      }
      Thread.sleep(100);
    }
    return false;
  }

  /** Everything written so far, stdout then stderr. */
  String output() {
    try {
      return Files.readString(stdout, StandardCharsets.UTF_8)
          + Files.readString(stderr, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** SIGKILL: the process dies at once, as a replica whose node fails. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /** SIGTERM, then waits for the process to end (killing it when it does not within 30 s). */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
