package io.switchboard.rest.mindhunters;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.persistence.testing.TestApplication;
import io.switchboard.rest.mindhunters.MindhuntersServer.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rate limits and body size limits in the Mindhunters error shape. */
class MindhuntersLimitsIT {
  private static TestApplication app;
  private static MindhuntersServer http;
  private static String key;

  @BeforeAll
  static void start() {
    // one request per 100 s, burst of one: the second request of the test is limited whatever the
    // machine's speed
    app = TestApplication.startRateLimited(MindhuntersLimitsIT.class, 0.01, 1);
    http = new MindhuntersServer(app);
    key = app.tenant("limited").apiKey();
  }

  @AfterAll
  static void stop() {
    http.close();
    app.close();
  }

  @Test
  void a_key_over_its_rate_gets_429_with_retry_after() {
    assertThat(http.get("/api/v1/phone-numbers", key).status()).isEqualTo(200);
    Reply limited = http.get("/api/v1/phone-numbers", key);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.code()).isEqualTo("RATE_LIMITED");
    assertThat(limited.body().get("success").asBoolean()).isFalse();
    assertThat(Long.parseLong(limited.header("Retry-After").orElseThrow())).isPositive();
  }

  @Test
  void bodies_over_one_mebibyte_are_413_before_parsing() {
    String big = "{\"channel_settings\":\"" + "x".repeat(1024 * 1024) + "\"}";
    Reply reply =
        http.call(
            "PATCH", "/api/v1/phone-numbers/3c90c3cc-0d44-4b50-8888-8dd25736052a", "any", big);
    assertThat(reply.status()).isEqualTo(413);
    assertThat(reply.code()).isEqualTo("PAYLOAD_TOO_LARGE");
  }
}
