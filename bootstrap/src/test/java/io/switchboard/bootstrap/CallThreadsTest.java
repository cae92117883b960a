package io.switchboard.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallThreadsTest {

  private static final long WAIT_SECONDS = Long.getLong("switchboard.test.waitSeconds", 30);

  private CallThreads threads;

  @AfterEach
  void stop() {
    if (threads != null) {
      threads.shutdown();
    }
  }

  @Test
  void a_task_goes_to_the_thread_that_became_idle_last() throws Exception {
    threads = new CallThreads(4, Duration.ofMinutes(1), "test-");
    CountDownLatch releaseFirst = new CountDownLatch(1);
    CountDownLatch releaseSecond = new CountDownLatch(1);
    AtomicReference<Thread> first = new AtomicReference<>();
    AtomicReference<Thread> second = new AtomicReference<>();
    threads.execute(() -> hold(first, releaseFirst));
    threads.execute(() -> hold(second, releaseSecond));
    await(() -> first.get() != null && second.get() != null);

    releaseFirst.countDown();
    await(() -> threads.idleThreads() == 1);
    releaseSecond.countDown();
    await(() -> threads.idleThreads() == 2);

    AtomicReference<Thread> next = new AtomicReference<>();
    threads.execute(() -> next.set(Thread.currentThread()));
    await(() -> next.get() != null);
    assertThat(next.get()).isSameAs(second.get()).isNotSameAs(first.get());
    assertThat(threads.threads()).isEqualTo(2);
  }

  @Test
  void tasks_one_after_another_run_on_one_thread() throws Exception {
    threads = new CallThreads(200, Duration.ofMinutes(1), "test-");
    List<Thread> ran = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 50; i++) {
      CountDownLatch done = new CountDownLatch(1);
      threads.execute(() -> {
        ran.add(Thread.currentThread());
        done.countDown();
      });
      assertThat(done.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
      await(() -> threads.idleThreads() == 1);
    }
    assertThat(ran).hasSize(50).containsOnly(ran.getFirst());
    assertThat(threads.threads()).isEqualTo(1);
  }

  @Test
  void beyond_the_most_threads_tasks_wait_and_run_in_arrival_order() throws Exception {
    threads = new CallThreads(1, Duration.ofMinutes(1), "test-");
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<Thread> holder = new AtomicReference<>();
    threads.execute(() -> hold(holder, release));
    await(() -> holder.get() != null);
    List<Integer> order = new CopyOnWriteArrayList<>();
    List<Thread> ranOn = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 5; i++) {
      int n = i;
      threads.execute(() -> {
        order.add(n);
        ranOn.add(Thread.currentThread());
      });
    }
    assertThat(order).isEmpty();
    assertThat(threads.threads()).isEqualTo(1);

    release.countDown();
    await(() -> order.size() == 5);
    assertThat(order).containsExactly(0, 1, 2, 3, 4);
    assertThat(ranOn).containsOnly(holder.get());
  }

  @Test
  void idle_threads_retire_after_the_keep_alive() throws Exception {
    threads = new CallThreads(4, Duration.ofMillis(50), "test-");
    CountDownLatch ran = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    threads.execute(() -> {
      ran.countDown();
      awaitQuietly(release);
    });
    threads.execute(() -> {
      ran.countDown();
      awaitQuietly(release);
    });
    assertThat(ran.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(threads.threads()).isEqualTo(2);
    release.countDown();
    await(() -> threads.threads() == 0);
    assertThat(threads.idleThreads()).isZero();

    CountDownLatch again = new CountDownLatch(1);
    threads.execute(again::countDown);
    assertThat(again.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("a new thread is made").isTrue();
  }

  @Test
  void a_failing_task_leaves_its_thread_serving() throws Exception {
    threads = new CallThreads(1, Duration.ofMinutes(1), "test-");
    AtomicReference<Throwable> reported = new AtomicReference<>();
    CountDownLatch failed = new CountDownLatch(1);
    threads.execute(() -> {
      Thread.currentThread().setUncaughtExceptionHandler((t, e) -> reported.set(e));
      failed.countDown();
      throw new IllegalStateException("boom");
    });
    assertThat(failed.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    CountDownLatch next = new CountDownLatch(1);
    threads.execute(next::countDown);
    assertThat(next.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(reported.get()).isInstanceOf(IllegalStateException.class).hasMessage("boom");
    assertThat(threads.threads()).isEqualTo(1);
  }

  @Test
  void after_shutdown_new_tasks_are_refused_and_waiting_ones_still_run() throws Exception {
    threads = new CallThreads(1, Duration.ofMinutes(1), "test-");
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<Thread> holder = new AtomicReference<>();
    threads.execute(() -> hold(holder, release));
    await(() -> holder.get() != null);
    CountDownLatch waitingRan = new CountDownLatch(1);
    threads.execute(waitingRan::countDown);

    threads.shutdown();
    assertThatThrownBy(() -> threads.execute(() -> {}))
        .isInstanceOf(RejectedExecutionException.class);
    release.countDown();
    assertThat(waitingRan.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    await(() -> threads.threads() == 0);
  }

  @Test
  void shutdown_ends_idle_threads() throws Exception {
    threads = new CallThreads(4, Duration.ofMinutes(10), "test-");
    CountDownLatch ran = new CountDownLatch(1);
    threads.execute(ran::countDown);
    assertThat(ran.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    await(() -> threads.idleThreads() == 1);
    threads.shutdown();
    await(() -> threads.threads() == 0);
  }

  private static void hold(AtomicReference<Thread> running, CountDownLatch release) {
    running.set(Thread.currentThread());
    awaitQuietly(release);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited too long").isLessThan(deadline);
      Thread.sleep(5);
    }
  }
}
