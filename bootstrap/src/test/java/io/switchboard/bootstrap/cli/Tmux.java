package io.switchboard.bootstrap.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real terminal: tmux on its own socket (the test's own server, never a person's), 120×30, its
 * screen read with capture-pane as a person would see it.
 */
public final class Tmux implements AutoCloseable {

  private static final String EXIT_MARK = "[exit ";

  private final String socket = "switchboard-cli-it-" + UUID.randomUUID();
  private final Path work;

  public Tmux(Path work) {
    this.work = work;
  }

  /** Starts {@code command} in a new 120×30 window, with {@code environment} exported first. */
  public void start(List<String> command, Map<String, String> environment)
      throws IOException, InterruptedException {
    Path script = Files.createTempFile(work, "terminal", ".sh");
    String exports =
        environment.entrySet().stream()
            .map(e -> "export " + e.getKey() + "=" + quote(e.getValue()))
            .collect(Collectors.joining("\n"));
    Files.writeString(
        script,
        "#!/bin/bash\n"
            + exports
            + "\n"
            + command.stream().map(Tmux::quote).collect(Collectors.joining(" "))
            + "\necho \""
            + EXIT_MARK
            + "$?]\"\nsleep 600\n",
        StandardCharsets.UTF_8);
    tmux("new-session", "-d", "-x", "120", "-y", "30", "-s", "cli", "bash " + script);
  }

  /** The screen as it is now. */
  public String screen() throws IOException, InterruptedException {
    return tmux("capture-pane", "-p", "-J", "-t", "cli"); // -J: a wrapped line as one
  }

  /** The screen once the command has ended, and its exit status. */
  public Ended awaitEnd(Duration limit) throws IOException, InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < end) {
      String screen = screen();
      int mark = screen.indexOf(EXIT_MARK);
      if (mark >= 0) {
        int close = screen.indexOf(']', mark);
        return new Ended(
            Integer.parseInt(screen.substring(mark + EXIT_MARK.length(), close)),
            screen.substring(0, mark));
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the command did not end in " + limit + "; screen:\n" + screen());
  }

  /** What the command left on the screen, and how it exited. */
  public record Ended(int exitCode, String screen) {
    public List<String> lines() {
      return screen.lines().filter(line -> !line.isBlank()).toList();
    }
  }

  private String tmux(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("tmux", "-L", socket, "-f", "/dev/null"));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("tmux " + String.join(" ", arguments) + " failed: " + output);
    }
    return output;
  }

  private static String quote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }

  @Override
  public void close() throws IOException, InterruptedException {
    new ProcessBuilder("tmux", "-L", socket, "kill-server")
        .redirectErrorStream(true)
        .start()
        .waitFor(30, TimeUnit.SECONDS);
  }
}
