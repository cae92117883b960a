package io.switchboard.domain.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WebhookRetryPolicyTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private final WebhookRetryPolicy policy =
      new WebhookRetryPolicy(Duration.ofHours(24), Duration.ofSeconds(5), Duration.ofHours(1));

  @Test
  void the_delay_doubles_per_failed_attempt_up_to_the_maximum() {
    assertThat(policy.delayAfter(1)).isEqualTo(Duration.ofSeconds(5));
    assertThat(policy.delayAfter(2)).isEqualTo(Duration.ofSeconds(10));
    assertThat(policy.delayAfter(5)).isEqualTo(Duration.ofSeconds(80));
    assertThat(policy.delayAfter(30)).isEqualTo(Duration.ofHours(1));
    assertThat(policy.delayAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void each_retry_waits_between_half_and_all_of_its_delay() {
    Random random = new Random(42);
    for (int attempt = 1; attempt < 12; attempt++) {
      Duration delay = policy.delayAfter(attempt);
      Instant next = policy.nextAttempt(attempt, T0, T0, random).orElseThrow();
      assertThat(Duration.between(T0, next)).isBetween(delay.dividedBy(2), delay);
    }
  }

  @Test
  void no_retry_is_planned_past_the_window() {
    Instant late = T0.plus(Duration.ofHours(23)).plusSeconds(3599);
    assertThat(policy.nextAttempt(40, T0, late, new Random(1))).isEmpty();
    assertThat(policy.nextAttempt(1, T0, T0.plusSeconds(1), new Random(1))).isPresent();
  }

  @Test
  void a_policy_needs_a_positive_window_and_base() {
    assertThatThrownBy(() ->
            new WebhookRetryPolicy(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() ->
            new WebhookRetryPolicy(
                Duration.ofHours(1), Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
