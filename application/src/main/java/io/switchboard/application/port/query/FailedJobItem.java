package io.switchboard.application.port.query;

import io.switchboard.domain.error.Reason;
import java.util.Objects;

/** An item of a job that failed, with the reason it failed for. */
public record FailedJobItem(long index, String label, Reason reason, String message) {
  public FailedJobItem {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }
}
