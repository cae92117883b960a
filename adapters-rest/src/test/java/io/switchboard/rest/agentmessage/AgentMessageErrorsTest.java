package io.switchboard.rest.agentmessage;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.error.AlreadyExistsException;
import io.switchboard.domain.error.ConcurrencyConflictException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.error.ResourceExhaustedException;
import io.switchboard.domain.error.UnavailableException;
import io.switchboard.rest.JsonResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AgentMessageErrorsTest {
  private static final RequestId ID = new RequestId("01JTBQH2FZ8K1RXC0WJ4Z9P3VM");

  @Test
  void rate_limits_are_429_rate_limited_with_retry_after() {
    JsonResponse r =
        AgentMessageErrors.render(
            ResourceExhaustedException.rateLimited(Duration.ofSeconds(2)), ID);
    assertThat(r.status()).isEqualTo(429);
    assertThat(r.headers()).containsEntry("Retry-After", "2");
    assertThat(r.body().toString())
        .isEqualTo(
            "{\"success\":false,\"error\":{\"code\":\"RATE_LIMITED\","
                + "\"message\":\"rate limit exceeded\",\"request_id\":\"01JTBQH2FZ8K1RXC0WJ4Z9P3VM\"}}");
  }

  @Test
  void conflicts_carry_their_stable_reason() {
    assertThat(
            AgentMessageErrors.render(
                    new AlreadyExistsException(Reason.PHONE_NUMBER_ALREADY_HELD, "held"), ID)
                .body()
                .at("/error/code")
                .asText())
        .isEqualTo("PHONE_NUMBER_ALREADY_HELD");
    JsonResponse inFlight =
        AgentMessageErrors.render(
            new ConcurrencyConflictException(Reason.IDEMPOTENCY_KEY_IN_FLIGHT, "in flight"), ID);
    assertThat(inFlight.status()).isEqualTo(409);
  }

  @Test
  void outages_and_surprises_never_leak_detail() {
    JsonResponse down =
        AgentMessageErrors.render(
            new UnavailableException(Reason.DATABASE_UNAVAILABLE, "db01:5432 refused"), ID);
    assertThat(down.status()).isEqualTo(503);
    assertThat(down.headers()).containsKey("Retry-After");
    assertThat(down.body().toString()).doesNotContain("db01");
    JsonResponse boom = AgentMessageErrors.render(new NullPointerException("secret internals"), ID);
    assertThat(boom.status()).isEqualTo(500);
    assertThat(boom.body().toString())
        .isEqualTo(
            "{\"success\":false,\"error\":{\"code\":\"INTERNAL\","
                + "\"message\":\"internal error\",\"request_id\":\"01JTBQH2FZ8K1RXC0WJ4Z9P3VM\"}}");
  }
}
