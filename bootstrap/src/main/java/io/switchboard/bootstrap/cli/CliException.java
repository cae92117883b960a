package io.switchboard.bootstrap.cli;

import java.util.Objects;

/**
 * A failure the CLI reports as one line, {@code switchboard: <reason>: <message>}, and exits on.
 */
public final class CliException extends RuntimeException {

  private final ExitCode exitCode;
  private final String reason;

  public CliException(ExitCode exitCode, String reason, String message) {
    super(oneLine(message), null, false, false);
    this.exitCode = Objects.requireNonNull(exitCode, "exitCode");
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public static CliException usage(String message) {
    return new CliException(ExitCode.USAGE, "USAGE", message);
  }

  public static CliException invalidCsv(String file, long line, String message) {
    return new CliException(ExitCode.USAGE, "INVALID_CSV", file + " line " + line + ": " + message);
  }

  public ExitCode exitCode() {
    return exitCode;
  }

  public String reason() {
    return reason;
  }

  /** What goes to stderr. */
  public String line() {
    return "switchboard: " + reason + ": " + getMessage();
  }

  static String oneLine(String message) {
    return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
  }
}
