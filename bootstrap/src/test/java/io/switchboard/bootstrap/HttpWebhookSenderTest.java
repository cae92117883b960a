package io.switchboard.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.application.port.WebhookSender;
import io.switchboard.domain.routing.HttpsUrl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webhook HTTP client against a real HTTPS receiver on loopback. */
class HttpWebhookSenderTest {
  @TempDir Path directory;
  private WebhookReceiver receiver;

  @BeforeEach
  void start() throws Exception {
    receiver = new WebhookReceiver(directory);
  }

  @AfterEach
  void stop() throws Exception {
    receiver.close();
  }

  private WebhookSender.Response post(HttpWebhookSender sender, String url) {
    return sender.post(
        new HttpsUrl(url),
        Map.of("webhook-id", "msg_1", "webhook-timestamp", "1700000000"),
        "{\"type\":\"number.updated\"}".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void a_message_arrives_with_its_headers_and_body_and_the_receivers_status_comes_back() {
    receiver.answer = r -> 202;
    try (var sender =
        new HttpWebhookSender(Duration.ofSeconds(5), true, Optional.of(receiver.caFile()))) {
      var response = post(sender, receiver.url());

      assertThat(response)
          .isInstanceOfSatisfying(
              WebhookSender.Answered.class, a -> assertThat(a.statusCode()).isEqualTo(202));
    }
    assertThat(receiver.received).hasSize(1);
    var request = receiver.received.getFirst();
    assertThat(request.header("webhook-id")).isEqualTo("msg_1");
    assertThat(request.header("content-type")).isEqualTo("application/json");
    assertThat(request.body()).isEqualTo("{\"type\":\"number.updated\"}");
  }

  @Test
  void
      a_name_that_resolves_to_loopback_is_refused_at_connect_time_unless_private_targets_are_allowed() {
    String byName = "https://localhost:" + receiver.port() + "/hook";
    try (var guarded =
        new HttpWebhookSender(Duration.ofSeconds(5), false, Optional.of(receiver.caFile()))) {
      var response = post(guarded, byName);

      assertThat(response)
          .isInstanceOfSatisfying(
              WebhookSender.Failed.class, f -> assertThat(f.reason()).contains("refused"));
    }
    assertThat(receiver.received).isEmpty();
    try (var open =
        new HttpWebhookSender(Duration.ofSeconds(5), true, Optional.of(receiver.caFile()))) {
      assertThat(post(open, byName)).isInstanceOf(WebhookSender.Answered.class);
    }
  }

  @Test
  void a_receiver_whose_certificate_is_not_trusted_gets_nothing() {
    try (var sender = new HttpWebhookSender(Duration.ofSeconds(5), true, Optional.empty())) {
      assertThat(post(sender, receiver.url())).isInstanceOf(WebhookSender.Failed.class);
    }
    assertThat(receiver.received).isEmpty();
  }

  @Test
  void a_receiver_slower_than_the_timeout_is_a_timed_out_attempt() {
    receiver.delayMillis = 3_000;
    try (var sender =
        new HttpWebhookSender(Duration.ofMillis(500), true, Optional.of(receiver.caFile()))) {
      var response = post(sender, receiver.url());

      assertThat(response)
          .isInstanceOfSatisfying(
              WebhookSender.Failed.class, f -> assertThat(f.reason()).contains("timed out"));
      assertThat(response.latency()).isLessThan(Duration.ofSeconds(3));
    }
  }
}
