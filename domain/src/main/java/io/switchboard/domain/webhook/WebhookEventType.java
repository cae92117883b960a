package io.switchboard.domain.webhook;

import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.error.InvalidArgumentException;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The fixed catalogue of lifecycle events an endpoint can subscribe to. The wire name is the {@code
 * type} of a delivered message and never changes once released.
 */
public enum WebhookEventType {
  NUMBER_PURCHASED("number.purchased"),
  NUMBER_UPDATED("number.updated"),
  NUMBER_RELEASED("number.released"),
  BINDING_BOUND("binding.bound"),
  BINDING_UNBOUND("binding.unbound"),
  TRUNK_REGISTERED("trunk.registered"),
  TRUNK_UPDATED("trunk.updated"),
  TRUNK_DELETED("trunk.deleted");

  private final String wireName;

  WebhookEventType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static WebhookEventType parse(String wireName) {
    return Arrays.stream(values())
        .filter(t -> t.wireName.equals(wireName))
        .findFirst()
        .orElseThrow(() ->
            InvalidArgumentException.of(
                "",
                "unknown event type "
                    + wireName
                    + " (one of "
                    + Arrays.stream(values())
                        .map(WebhookEventType::wireName)
                        .collect(Collectors.joining(", "))
                    + ")"));
  }

  /**
   * The event a committed change is, if it is one of the catalogue's: a number created on the
   * platform is purchased (or registered for a trunk), a deleted external number is released.
   */
  public static Optional<WebhookEventType> of(ResourceType resource, ChangeAction action) {
    return Optional.ofNullable(
        switch (resource) {
          case PHONE_NUMBER ->
              switch (action) {
                case CREATED -> NUMBER_PURCHASED;
                case UPDATED -> NUMBER_UPDATED;
                case RELEASED, DELETED -> NUMBER_RELEASED;
              };
          case BINDING ->
              switch (action) {
                case CREATED, UPDATED -> BINDING_BOUND;
                case DELETED, RELEASED -> BINDING_UNBOUND;
              };
          case TRUNK ->
              switch (action) {
                case CREATED -> TRUNK_REGISTERED;
                case UPDATED -> TRUNK_UPDATED;
                case DELETED, RELEASED -> TRUNK_DELETED;
              };
          case AGENT, ORGANIZATION, API_KEY, INVENTORY, WEBHOOK_ENDPOINT -> null;
        });
  }
}
