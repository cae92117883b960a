package io.switchboard.domain.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.error.InvalidArgumentException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookTest {
  private static final HttpsUrl URL = new HttpsUrl("https://example.com/hook");
  private static final List<WebhookEvent> STARTED = List.of(WebhookEvent.PHONE_CALL_STARTED);

  @Test
  void a_webhook_keeps_its_events_in_order_and_its_headers_in_order() {
    var headers = new LinkedHashMap<String, String>();
    headers.put("X-Token", "abc");
    headers.put("Accept", "application/json");

    var webhook =
        new Webhook(
            List.of(WebhookEvent.PHONE_CALL_ENDED, WebhookEvent.PHONE_CALL_STARTED),
            URL,
            WebhookMethod.GET,
            headers,
            Optional.of("direction == 'inbound'"));

    assertThat(webhook.events())
        .containsExactly(WebhookEvent.PHONE_CALL_ENDED, WebhookEvent.PHONE_CALL_STARTED);
    assertThat(webhook.headers().keySet()).containsExactly("X-Token", "Accept");
    assertThat(webhook.filter()).contains("direction == 'inbound'");
  }

  @Test
  void events_must_not_be_empty() {
    assertRefused(
        "events",
        () -> new Webhook(List.of(), URL, WebhookMethod.POST, Map.of(), Optional.empty()));
    assertRefused(
        "events", () -> new Webhook(null, URL, WebhookMethod.POST, Map.of(), Optional.empty()));
  }

  @Test
  void events_must_be_distinct() {
    assertRefused(
        "events",
        () ->
            new Webhook(
                List.of(WebhookEvent.MESSAGE_RECEIVED, WebhookEvent.MESSAGE_RECEIVED),
                URL,
                WebhookMethod.POST,
                Map.of(),
                Optional.empty()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "X Token", "X-Token:", "Ünicode", "(paren)", "new\nline"})
  void header_names_must_be_http_tokens(String name) {
    assertRefused(
        "headers",
        () -> new Webhook(STARTED, URL, WebhookMethod.POST, Map.of(name, "v"), Optional.empty()));
  }

  @Test
  void a_header_name_is_at_most_128_characters() {
    new Webhook(STARTED, URL, WebhookMethod.POST, Map.of("X".repeat(128), "v"), Optional.empty());
    assertRefused(
        "headers",
        () ->
            new Webhook(
                STARTED, URL, WebhookMethod.POST, Map.of("X".repeat(129), "v"), Optional.empty()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\r\nInjected: yes", "line\nbreak", "nul\u0000"})
  void header_values_must_stay_on_one_line_so_headers_cannot_be_injected(String value) {
    assertRefused(
        "headers.X-Token",
        () ->
            new Webhook(
                STARTED, URL, WebhookMethod.POST, Map.of("X-Token", value), Optional.empty()));
  }

  @Test
  void a_header_value_is_at_most_1024_characters() {
    new Webhook(
        STARTED, URL, WebhookMethod.POST, Map.of("X-Token", "v".repeat(1024)), Optional.empty());
    assertRefused(
        "headers.X-Token",
        () ->
            new Webhook(
                STARTED,
                URL,
                WebhookMethod.POST,
                Map.of("X-Token", "v".repeat(1025)),
                Optional.empty()));
  }

  @Test
  void a_webhook_has_at_most_20_headers() {
    var headers = new LinkedHashMap<String, String>();
    for (int i = 0; i < Webhook.MAX_HEADERS; i++) {
      headers.put("X-H" + i, "v");
    }
    new Webhook(STARTED, URL, WebhookMethod.POST, headers, Optional.empty());
    headers.put("X-One-Too-Many", "v");
    assertRefused(
        "headers", () -> new Webhook(STARTED, URL, WebhookMethod.POST, headers, Optional.empty()));
  }

  @Test
  void a_filter_is_at_most_1024_characters() {
    new Webhook(STARTED, URL, WebhookMethod.POST, Map.of(), Optional.of("f".repeat(1024)));
    assertRefused(
        "filter",
        () ->
            new Webhook(STARTED, URL, WebhookMethod.POST, Map.of(), Optional.of("f".repeat(1025))));
  }

  @Test
  void events_and_headers_are_immutable_copies() {
    var events = new ArrayList<>(STARTED);
    var headers = new LinkedHashMap<>(Map.of("X-Token", "abc"));
    var webhook = new Webhook(events, URL, WebhookMethod.POST, headers, Optional.empty());

    events.add(WebhookEvent.PHONE_CALL_ENDED);
    headers.put("X-Other", "x");

    assertThat(webhook.events()).containsExactly(WebhookEvent.PHONE_CALL_STARTED);
    assertThat(webhook.headers()).containsOnlyKeys("X-Token");
    assertThatThrownBy(() -> webhook.headers().put("X-Other", "x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  private static void assertRefused(
      String field, org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            InvalidArgumentException.class,
            e ->
                assertThat(e.violations())
                    .singleElement()
                    .satisfies(v -> assertThat(v.field()).isEqualTo(field)));
  }
}
