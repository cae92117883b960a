package io.switchboard.application.webhook;

import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.change.FieldChange;
import io.switchboard.domain.webhook.WebhookEventType;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The JSON body of a webhook message, Standard Webhooks style: {@code type}, {@code timestamp}
 * (when the change happened) and {@code data}, the change event: the resource, the changed fields'
 * values before and after, who made the change (the API key's id), under which request and through
 * which door. Secrets never appear: the change log records them as "(secret)". Written here, byte
 * for byte, because the body is signed and stored as it is sent.
 */
public final class WebhookPayload {
  private WebhookPayload() {}

  /** Which resource a change is about: the key messages are ordered by. */
  public static String resourceKey(ChangeEvent event) {
    return event.resourceType().name().toLowerCase(Locale.ROOT) + "/" + event.resourceId();
  }

  public static String of(ChangeEvent event, WebhookEventType type) {
    StringBuilder json = new StringBuilder(256);
    json.append("{\"type\":");
    string(json, type.wireName());
    json.append(",\"timestamp\":");
    string(json, DateTimeFormatter.ISO_INSTANT.format(event.occurredAt()));
    json.append(",\"data\":{\"resource\":{\"type\":");
    string(json, event.resourceType().name().toLowerCase(Locale.ROOT));
    json.append(",\"id\":");
    string(json, event.resourceId());
    if (event.number().isPresent()) {
      json.append(",\"number\":");
      string(json, event.number().get());
    }
    json.append("},\"action\":");
    string(json, event.action().name().toLowerCase(Locale.ROOT));
    json.append(",\"revision\":").append(event.revision());
    json.append(",\"before\":{");
    fields(json, event, true);
    json.append("},\"after\":{");
    fields(json, event, false);
    json.append("},\"actor\":");
    nullable(json, event.actorKeyId().orElse(null));
    json.append(",\"request_id\":");
    nullable(json, event.requestId().map(Object::toString).orElse(null));
    json.append(",\"source\":");
    string(json, event.sourceApi().wireName());
    json.append("}}");
    return json.toString();
  }

  private static void fields(StringBuilder json, ChangeEvent event, boolean before) {
    boolean first = true;
    for (FieldChange change : event.changes()) {
      if (!first) {
        json.append(',');
      }
      first = false;
      string(json, change.field());
      json.append(':');
      nullable(json, (before ? change.from() : change.to()).orElse(null));
    }
  }

  private static void nullable(StringBuilder json, String value) {
    if (value == null) {
      json.append("null");
    } else {
      string(json, value);
    }
  }

  /** A JSON string (RFC 8259): quotes, backslashes and control characters escaped. */
  static void string(StringBuilder json, String value) {
    json.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        case '\b' -> json.append("\\b");
        case '\f' -> json.append("\\f");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }
}
