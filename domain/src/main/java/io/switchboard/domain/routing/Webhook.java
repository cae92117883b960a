package io.switchboard.domain.routing;

import io.switchboard.domain.error.InvalidArgumentException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where Switchboard's callers send a number's events: https only, GET or POST, a few static
 * headers.
 */
public record Webhook(
    List<WebhookEvent> events,
    HttpsUrl url,
    WebhookMethod method,
    Map<String, String> headers,
    Optional<String> filter) {
  public static final int MAX_HEADERS = 20;
  public static final int MAX_HEADER_VALUE = 1024;
  public static final int MAX_FILTER = 1024;

  public Webhook {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(filter, "filter");
    if (events == null || events.isEmpty()) {
      throw InvalidArgumentException.of("events", "must name at least one event");
    }
    if (new LinkedHashSet<>(events).size() != events.size()) {
      throw InvalidArgumentException.of("events", "must not repeat an event");
    }
    events = List.copyOf(events);
    headers = requireValidHeaders(headers);
    if (filter.isPresent() && filter.get().length() > MAX_FILTER) {
      throw InvalidArgumentException.of("filter", "must be at most " + MAX_FILTER + " characters");
    }
    // PostgreSQL text and json cannot hold NUL, and no filter needs control characters
    if (filter.isPresent() && filter.get().chars().anyMatch(Character::isISOControl)) {
      throw InvalidArgumentException.of("filter", "must not contain control characters");
    }
  }

  private static Map<String, String> requireValidHeaders(Map<String, String> headers) {
    if (headers.size() > MAX_HEADERS) {
      throw InvalidArgumentException.of("headers", "must have at most " + MAX_HEADERS + " entries");
    }
    var copy = new LinkedHashMap<String, String>();
    headers.forEach((name, value) -> {
      if (name == null || !name.matches("[!#$%&'*+.^_`|~0-9A-Za-z\\-]{1,128}")) {
        throw InvalidArgumentException.of("headers", "has an invalid header name");
      }
      if (value == null
          || value.length() > MAX_HEADER_VALUE
          || value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
        throw InvalidArgumentException.of(
            "headers." + name, "must be at most " + MAX_HEADER_VALUE + " characters on one line");
      }
      copy.put(name, value);
    });
    return Collections.unmodifiableMap(copy);
  }
}
