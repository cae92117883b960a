package io.switchboard.application.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FeedLagTest {
  private final MutableClock clock = new MutableClock();
  private final FeedLag lag = new FeedLag(clock);

  @Test
  void is_zero_while_everything_known_is_applied() {
    lag.applied(5);
    lag.committed(5);
    clock.advance(Duration.ofSeconds(30));

    assertThat(lag.seconds()).isZero();
  }

  @Test
  void grows_from_when_an_unapplied_revision_was_heard_of_until_it_is_applied() {
    lag.applied(5);
    clock.advance(Duration.ofSeconds(10));
    lag.committed(6);
    clock.advance(Duration.ofMillis(2500));

    assertThat(lag.seconds()).isEqualTo(2.5);

    lag.committed(7); // more behind: still counted from the oldest
    clock.advance(Duration.ofSeconds(1));
    assertThat(lag.seconds()).isEqualTo(3.5);

    lag.applied(6); // a partial catch-up does not reset it
    assertThat(lag.seconds()).isEqualTo(3.5);

    lag.applied(7);
    assertThat(lag.seconds()).isZero();
  }

  @Test
  void a_catch_up_beyond_the_last_hint_counts_as_caught_up() {
    lag.committed(3);
    clock.advance(Duration.ofSeconds(1));
    lag.applied(9);

    assertThat(lag.seconds()).isZero();
    lag.committed(8); // a late, coalesced hint for what is already applied
    assertThat(lag.seconds()).isZero();
  }

  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-11-30T00:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
