package io.switchboard.domain.routing.policy;

import io.switchboard.domain.common.Text;

/** Why calls are turned away, as the caller's router may announce or log it: one line of text. */
public record RejectReason(String value) {
  public static final int MAX_LENGTH = 200;

  public RejectReason {
    value = Text.requireLine(value, MAX_LENGTH);
  }

  @Override
  public String toString() {
    return value;
  }
}
