package io.switchboard.rest.agentmessage;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.domain.org.Scope;
import io.switchboard.persistence.testing.TestApplication;
import io.switchboard.rest.voiceos.DialectTestServer;
import io.switchboard.rest.voiceos.DialectTestServer.Reply;
import io.switchboard.rest.voiceos.VoiceOsRoutes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A key over its rate gets 429 with Retry-After, in each dialect's shape. */
class RateLimitIT {
  static TestApplication app;
  static DialectTestServer http;

  @BeforeAll
  static void start() {
    // one request of burst, then a new one only every 1000 s: the second request is always limited
    app = TestApplication.startRateLimited(RateLimitIT.class, 0.001, 1);
    http =
        DialectTestServer.start(
            app.useCases(), app.clock(), AgentMessageRoutes::of, VoiceOsRoutes::of);
  }

  @AfterAll
  static void stop() {
    http.close();
    app.close();
  }

  @Test
  void agentmessage_answers_rate_limited() {
    String key = app.tenant("busy").apiKey(Scope.NUMBERS_READ);
    assertThat(http.get("/v1/phone-numbers", key).status()).isEqualTo(200);
    Reply limited = http.get("/v1/phone-numbers", key);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.body().at("/error/code").asText()).isEqualTo("RATE_LIMITED");
    assertThat(limited.body().at("/error/request_id").asText())
        .isEqualTo(limited.header("X-Request-Id").orElseThrow());
    assertThat(Long.parseLong(limited.header("Retry-After").orElseThrow())).isPositive();
  }

  @Test
  void voiceos_answers_429_with_a_detail() {
    String key = app.tenant("busy-voice").apiKey(Scope.NUMBERS_READ);
    assertThat(http.get("/phone_numbers", key).status()).isEqualTo(200);
    Reply limited = http.get("/phone_numbers", key);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.body().get("detail").isTextual()).isTrue();
    assertThat(Long.parseLong(limited.header("Retry-After").orElseThrow())).isPositive();
  }
}
