package io.switchboard.domain.webhook;

import io.switchboard.domain.common.Patch;
import io.switchboard.domain.routing.HttpsUrl;
import java.util.Objects;
import java.util.Set;

/** A partial update of an endpoint's settings; the secret changes only by being rolled. */
public record WebhookEndpointPatch(
    Patch<HttpsUrl> url,
    Patch<Set<WebhookEventType>> eventTypes,
    Patch<WebhookDescription> description,
    Patch<Boolean> enabled) {
  public WebhookEndpointPatch {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(eventTypes, "eventTypes");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(enabled, "enabled");
  }

  public static final WebhookEndpointPatch NONE =
      new WebhookEndpointPatch(Patch.keep(), Patch.keep(), Patch.keep(), Patch.keep());

  public boolean isEmpty() {
    return url.isKeep() && eventTypes.isKeep() && description.isKeep() && enabled.isKeep();
  }
}
