package io.switchboard.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Each event loop's share of time for in-place calls, on a clock the test moves. */
class EventLoopBudgetTest {

  private static final long MILLISECOND = 1_000_000;

  private final AtomicLong nanoClock = new AtomicLong(42 * MILLISECOND);

  /** A call that takes {@code nanos} of the test's clock. */
  private Runnable taking(long nanos) {
    return () -> nanoClock.addAndGet(nanos);
  }

  @Test
  void a_loop_runs_calls_in_place_until_it_spent_its_share_of_the_millisecond() {
    EventLoopBudget budget = new EventLoopBudget(50, nanoClock::get);

    assertThat(budget.allows()).isTrue();
    budget.charge(taking(200_000));
    assertThat(budget.allows()).isTrue();
    budget.charge(taking(299_999));
    assertThat(budget.allows()).as("0.499999 ms of 0.5 spent").isTrue();
    budget.charge(taking(1));
    assertThat(budget.allows()).as("0.5 ms of 0.5 spent").isFalse();

    nanoClock.addAndGet(499_999);
    assertThat(budget.allows()).as("still the same millisecond").isFalse();
    nanoClock.addAndGet(1);
    assertThat(budget.allows()).as("the next millisecond").isTrue();
  }

  @Test
  void a_call_longer_than_the_share_is_run_and_charged_in_full() {
    EventLoopBudget budget = new EventLoopBudget(10, nanoClock::get);

    assertThat(budget.allows()).isTrue();
    budget.charge(taking(700_000));
    assertThat(budget.allows()).isFalse();
    nanoClock.addAndGet(300_000);
    assertThat(budget.allows()).isTrue();
  }

  @Test
  void a_call_that_throws_is_charged_too() {
    EventLoopBudget budget = new EventLoopBudget(50, nanoClock::get);
    budget.allows();

    assertThatThrownBy(() ->
            budget.charge(() -> {
              nanoClock.addAndGet(600_000);
              throw new IllegalStateException("failed in place");
            }))
        .hasMessage("failed in place");
    assertThat(budget.allows()).isFalse();
  }

  @Test
  void each_loop_keeps_its_own_account() throws Exception {
    EventLoopBudget budget = new EventLoopBudget(50, nanoClock::get);
    budget.allows();
    budget.charge(taking(600_000));
    assertThat(budget.allows()).isFalse();

    boolean otherLoop =
        CompletableFuture.supplyAsync(budget::allows, task -> Thread.ofPlatform().start(task))
            .get(5, TimeUnit.SECONDS);

    assertThat(otherLoop).isTrue();
  }

  @Test
  void zero_turns_in_place_calls_off_and_a_hundred_allows_every_one() {
    EventLoopBudget off = new EventLoopBudget(0, nanoClock::get);
    assertThat(off.allowsAny()).isFalse();
    assertThat(off.allows()).isFalse();

    EventLoopBudget unbounded = new EventLoopBudget(100, nanoClock::get);
    assertThat(unbounded.allowsAny()).isTrue();
    for (int call = 0; call < 10; call++) {
      assertThat(unbounded.allows()).as("call %d", call).isTrue();
      unbounded.charge(taking(MILLISECOND - 1));
    }
  }

  @Test
  void a_share_outside_0_to_100_percent_is_refused() {
    assertThatThrownBy(() -> new EventLoopBudget(101)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EventLoopBudget(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
