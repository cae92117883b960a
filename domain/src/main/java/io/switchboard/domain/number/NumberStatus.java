package io.switchboard.domain.number;

/** Lifecycle of a held number. {@code RELEASED} numbers sit in quarantine and are never listed. */
public enum NumberStatus {
  ACTIVE,
  PENDING,
  INACTIVE,
  RELEASED
}
