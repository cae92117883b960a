package io.switchboard.application.common;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon thread that runs a pass over and over: the next at once while passes find work,
 * otherwise after a wake-up or the poll interval. Wake-ups closer together than the loop's
 * coalescing gap make one pass (under a steady stream of changes an idle pass each time would cost
 * a transaction per change). A failed pass is logged and the loop goes on. The background workers
 * (webhook delivery, bulk jobs) each run on one.
 */
public final class BackgroundLoop {
  private static final Logger log = LoggerFactory.getLogger(BackgroundLoop.class);

  /** One pass; true when it did work, so that the next pass runs at once. */
  @FunctionalInterface
  public interface Pass {
    boolean run();
  }

  private final String name;
  private final Duration pollInterval;
  private final Pass pass;
  private final long coalescingNanos;
  private final Semaphore wake = new Semaphore(0);
  private volatile boolean running;
  private Thread thread;

  public BackgroundLoop(String name, Duration pollInterval, Pass pass) {
    this(name, pollInterval, Duration.ZERO, pass);
  }

  /**
   * @param coalescing the least time from one idle pass's start to the next pass a wake-up starts
   */
  public BackgroundLoop(String name, Duration pollInterval, Duration coalescing, Pass pass) {
    this.name = Objects.requireNonNull(name, "name");
    this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
    this.pass = Objects.requireNonNull(pass, "pass");
    if (coalescing.isNegative()) {
      throw new IllegalArgumentException("the coalescing gap must not be negative");
    }
    this.coalescingNanos = coalescing.toNanos();
  }

  /** Starts the thread; false when it was already running. */
  public synchronized boolean start() {
    if (running) {
      return false;
    }
    running = true;
    thread = Thread.ofPlatform().name(name).daemon().start(this::loop);
    return true;
  }

  /** Runs the next pass now rather than after the poll interval. */
  public void wake() {
    wake.release();
  }

  /**
   * True once a started loop is being closed: a pass in progress stops at its next safe point. A
   * pass called directly (tests) on a loop never started is not stopping.
   */
  public boolean stopping() {
    return !running && thread != null;
  }

  /**
   * Stops the thread and waits for its pass to end (15 s at most); false when it was not running.
   */
  public synchronized boolean close() {
    if (!running) {
      return false;
    }
    running = false;
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(15));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return true;
  }

  private void loop() {
    while (running) {
      boolean worked = false;
      long started = System.nanoTime();
      try {
        worked = pass.run();
      } catch (RuntimeException e) {
        log.warn("A {} pass failed: {}", name, e.toString());
      }
      if (!worked) {
        try {
          if (wake.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS)) {
            long early = coalescingNanos - (System.nanoTime() - started);
            if (early > 0) {
              TimeUnit.NANOSECONDS.sleep(early); // the wake-ups meanwhile join this pass
            }
          }
          wake.drainPermits();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
