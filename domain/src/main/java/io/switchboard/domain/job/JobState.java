package io.switchboard.domain.job;

/** PENDING → RUNNING → SUCCEEDED | CANCELLED | FAILED; a pending job may also be cancelled. */
public enum JobState {
  PENDING,
  RUNNING,
  SUCCEEDED,
  CANCELLED,
  FAILED;

  public boolean isDone() {
    return this == SUCCEEDED || this == CANCELLED || this == FAILED;
  }
}
