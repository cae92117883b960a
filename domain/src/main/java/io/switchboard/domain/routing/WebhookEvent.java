package io.switchboard.domain.routing;

import io.switchboard.domain.error.InvalidArgumentException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** What a webhook subscribes to. The wire names are the VoiceOS ones. */
public enum WebhookEvent {
  /** Asked at the start of a call to fetch the agent that should take it. */
  PHONE_CALL_CONNECTION_REQUESTED("phone_call:connection_requested"),
  PHONE_CALL_STARTED("phone_call:started"),
  PHONE_CALL_ENDED("phone_call:ended"),
  MESSAGE_RECEIVED("message:received"),
  MESSAGE_STATUS_UPDATED("message:status_updated");

  private final String wireName;

  WebhookEvent(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static WebhookEvent parse(String name) {
    return Arrays.stream(values())
        .filter(e -> e.wireName.equals(name))
        .findFirst()
        .orElseThrow(() ->
            InvalidArgumentException.of(
                "",
                "unknown event "
                    + abbreviate(name)
                    + "; expected one of "
                    + Arrays.stream(values())
                        .map(WebhookEvent::wireName)
                        .collect(Collectors.joining(", "))));
  }

  private static String abbreviate(String s) {
    return s == null ? "null" : s.length() > 64 ? s.substring(0, 64) + "…" : s;
  }
}
