package io.switchboard.domain.webhook;

import io.switchboard.domain.common.Text;

/** What an endpoint is for, as its owner says: one printable line, possibly empty. */
public record WebhookDescription(String value) {
  public static final int MAX_LENGTH = 256;
  public static final WebhookDescription NONE = new WebhookDescription("");

  public WebhookDescription {
    if (value == null) {
      value = "";
    }
    if (!value.isEmpty()) {
      Text.requireLine(value, MAX_LENGTH);
    }
  }
}
