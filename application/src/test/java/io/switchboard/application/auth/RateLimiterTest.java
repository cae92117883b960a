package io.switchboard.application.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.error.ResourceExhaustedException;
import io.switchboard.domain.org.ApiKeyId;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  @Test
  void counts_every_refusal_and_nothing_else() {
    RateLimiter limiter =
        new RateLimiter(1, 2, Clock.fixed(Instant.parse("2026-11-30T00:00:00Z"), ZoneOffset.UTC));
    ApiKeyId key = new ApiKeyId(UUID.randomUUID());

    limiter.acquire(key);
    limiter.acquire(key);
    assertThat(limiter.refusals()).isZero();
    assertThatThrownBy(() -> limiter.acquire(key)).isInstanceOf(ResourceExhaustedException.class);
    assertThatThrownBy(() -> limiter.acquire(key)).isInstanceOf(ResourceExhaustedException.class);

    assertThat(limiter.refusals()).isEqualTo(2);
  }

  @Test
  void an_unlimited_limiter_never_refuses() {
    RateLimiter limiter = RateLimiter.unlimited(Clock.systemUTC());
    ApiKeyId key = new ApiKeyId(UUID.randomUUID());
    for (int i = 0; i < 1000; i++) {
      limiter.acquire(key);
    }
    assertThat(limiter.refusals()).isZero();
  }
}
