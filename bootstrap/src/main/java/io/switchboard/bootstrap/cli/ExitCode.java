package io.switchboard.bootstrap.cli;

/** The CLI's exit statuses: distinct per kind of failure, so scripts can tell them apart. */
public enum ExitCode {
  OK(0),
  /** The server failed, or a job ended failed or cancelled. */
  FAILED(1),
  /** A bad command line, setting or input file: nothing was sent. */
  USAGE(2),
  /** The server could not be reached or asked to retry later: running again may succeed. */
  UNAVAILABLE(3),
  /** The key was refused or lacks the scope. */
  UNAUTHORIZED(4),
  NOT_FOUND(5),
  /** The server refused the request as invalid or conflicting. */
  REJECTED(6),
  /** A job finished, but some of its items failed (listed by {@code jobs failures}). */
  ITEMS_FAILED(7);

  private final int status;

  ExitCode(int status) {
    this.status = status;
  }

  public int status() {
    return status;
  }
}
