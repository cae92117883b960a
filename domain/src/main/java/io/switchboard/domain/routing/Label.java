package io.switchboard.domain.routing;

import io.switchboard.domain.common.Text;

/** A person's name for a number ("Support line"). */
public record Label(String value) {
  public static final int MAX_LENGTH = 255;

  public Label {
    value = Text.requireLine(value, MAX_LENGTH);
  }

  @Override
  public String toString() {
    return value;
  }
}
