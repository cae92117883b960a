package io.switchboard.bootstrap;

import java.util.function.LongSupplier;

/**
 * How much of an event loop's time calls answered in place may take. The loop also reads and writes
 * every frame of its connections, the answers of calls on the call threads included; and all calls
 * of one connection share one loop. Without a bound, a busy connection's resolves queue behind each
 * other on one core while the others idle, and a loop that lost its core for a moment (the GC,
 * another process) drains its backlog alone. So within each millisecond of a loop's time, in-place
 * calls may take up to {@code percent} of it; once that is spent, answerable calls go to the call
 * threads until the next millisecond begins.
 *
 * <p>Each loop keeps its own account (a thread-local), read and written by that loop only.
 */
final class EventLoopBudget {

  /** Short enough that a loop under load notices within a few dozen calls. */
  static final long WINDOW_NANOS = 1_000_000;

  private final long allowedPerWindow;
  private final LongSupplier nanoClock;
  private final ThreadLocal<Window> windows;

  /**
   * @param percent 0 (every call goes to the call threads) to 100 (in place whenever answerable)
   */
  EventLoopBudget(int percent) {
    this(percent, System::nanoTime);
  }

  EventLoopBudget(int percent, LongSupplier nanoClock) {
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("percent must be 0 to 100, was " + percent);
    }
    this.allowedPerWindow = WINDOW_NANOS * percent / 100;
    this.nanoClock = nanoClock;
    // opened a window ago: the loop's first call opens its first window
    this.windows = ThreadLocal.withInitial(() -> new Window(nanoClock.getAsLong() - WINDOW_NANOS));
  }

  /** Every answerable call in place: what the queue did before the budget. */
  static EventLoopBudget unbounded() {
    return new EventLoopBudget(100);
  }

  /** False when no call may run in place at all: the operator turned it off. */
  boolean allowsAny() {
    return allowedPerWindow > 0;
  }

  /** Whether the calling loop has time left in its current window for one more in-place call. */
  boolean allows() {
    Window window = windows.get();
    long now = nanoClock.getAsLong();
    if (now - window.start >= WINDOW_NANOS) {
      window.start = now;
      window.spent = 0;
    }
    return window.spent < allowedPerWindow;
  }

  /** Runs an in-place call on the calling loop and charges its time to the loop's window. */
  void charge(Runnable call) {
    long start = nanoClock.getAsLong();
    try {
      call.run();
    } finally {
      windows.get().spent += nanoClock.getAsLong() - start;
    }
  }

  /** One loop's current window: when it began and the in-place time spent in it. */
  private static final class Window {
    long start;
    long spent;

    Window(long start) {
      this.start = start;
    }
  }
}
