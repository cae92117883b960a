package io.switchboard.application.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackgroundLoopTest {
  private static void awaitPasses(AtomicInteger passes, int count) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (passes.get() < count && System.nanoTime() < until) {
      Thread.sleep(5);
    }
    assertThat(passes).hasValue(count);
  }

  @Test
  void wake_ups_within_the_coalescing_gap_make_one_pass() throws Exception {
    var passes = new AtomicInteger();
    var loop =
        new BackgroundLoop(
            "test-loop",
            Duration.ofMinutes(1),
            Duration.ofSeconds(2),
            () -> {
              passes.incrementAndGet();
              return false; // idle: the next pass waits for a wake-up
            });
    loop.start();
    try {
      awaitPasses(passes, 1);
      for (int i = 0; i < 20; i++) {
        loop.wake();
        Thread.sleep(5);
      }
      assertThat(passes).as("still inside the gap").hasValue(1);

      awaitPasses(passes, 2);
      Thread.sleep(300);
      assertThat(passes).as("the twenty wake-ups were one pass").hasValue(2);
    } finally {
      loop.close();
    }
  }

  @Test
  void without_a_gap_a_wake_up_runs_the_next_pass_at_once() throws Exception {
    var passes = new AtomicInteger();
    var loop =
        new BackgroundLoop(
            "test-loop",
            Duration.ofMinutes(1),
            () -> {
              passes.incrementAndGet();
              return false;
            });
    loop.start();
    try {
      awaitPasses(passes, 1);
      loop.wake();
      awaitPasses(passes, 2);
    } finally {
      loop.close();
    }
  }

  @Test
  void a_negative_gap_is_refused() {
    assertThatThrownBy(() ->
            new BackgroundLoop(
                "test-loop", Duration.ofSeconds(1), Duration.ofMillis(-1), () -> false))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
