package io.switchboard.bootstrap.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every answer to bad input must be: a success or a 4xx in the error shape of the dialect that
 * owns the path.
 */
final class HostileAnswers {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HostileAnswers() {}

  /** Counts and fails a 5xx; fails an error body that is not the dialect's shape. */
  static void requireStructured(
      String fullPath, HttpResponse<String> response, AtomicLong serverErrors) {
    String path = shorten(fullPath);
    int status = response.statusCode();
    if (status >= 500) {
      serverErrors.incrementAndGet();
    }
    assertThat(status).as("%s answered %s", path, shorten(response.body())).isLessThan(500);
    if (status >= 400) {
      if (JETTY_PROTOCOL_REFUSALS.contains(status) && !response.body().strip().startsWith("{")) {
        // refused by Jetty while parsing the request line or headers, before any route: its own
        // minimal page
        assertThat(response.body())
            .as("%s: Jetty's error page shows no internals", path)
            .doesNotContain("Exception")
            .doesNotContain("\tat ")
            .doesNotContain("Caused by");
        protocolRefusals.incrementAndGet();
        return;
      }
      requireErrorShape(fullPath, status, response.body());
    }
  }

  /**
   * Bad URI (400), URI too long (414), headers too large (431): answered by Jetty before any route
   * runs.
   */
  private static final java.util.Set<Integer> JETTY_PROTOCOL_REFUSALS =
      java.util.Set.of(400, 414, 431);

  /** How many answers were Jetty's protocol-level refusals rather than a dialect's error body. */
  static final AtomicLong protocolRefusals = new AtomicLong();

  static String shorten(String text) {
    return text.length() <= 300
        ? text
        : text.substring(0, 300) + "...(" + text.length() + " chars)";
  }

  /**
   * The dialect's documented error body: Mindhunters and AgentMessage envelopes, VoiceOS FastAPI
   * detail.
   */
  static JsonNode requireErrorShape(String fullPath, int status, String fullBody) {
    String path = shorten(fullPath);
    String body = shorten(fullBody);
    JsonNode json;
    try {
      json = JSON.readTree(fullBody);
    } catch (IOException e) {
      throw new AssertionError(
          path + " answered " + status + " with a body that is not JSON: " + body, e);
    }
    assertThat(json).as("%s %s: %s", path, status, body).isNotNull();
    if (fullPath.startsWith("/phone_numbers")) {
      assertThat(json.has("detail")).as("VoiceOS error shape of %s: %s", path, body).isTrue();
    } else if (fullPath.startsWith("/api/v1/")) {
      assertThat(json.path("success").isBoolean() && !json.path("success").booleanValue())
          .as("Mindhunters error shape of %s: %s", path, body)
          .isTrue();
      assertThat(json.path("message").isTextual())
          .as("Mindhunters error shape of %s: %s", path, body)
          .isTrue();
    } else {
      assertThat(json.path("success").asBoolean(true))
          .as("AgentMessage error shape of %s: %s", path, body)
          .isFalse();
      assertThat(json.path("error").path("code").isTextual())
          .as("AgentMessage error shape of %s: %s", path, body)
          .isTrue();
    }
    return json;
  }
}
