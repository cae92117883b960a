package io.switchboard.bootstrap;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where gRPC calls run (they block on the database): up to {@code maxThreads} threads, made as
 * calls arrive and retired after {@code keepAlive} idle; beyond them, tasks wait in arrival order.
 *
 * <p>A task goes to the thread that became idle <em>last</em>. {@link
 * java.util.concurrent.ThreadPoolExecutor} makes a new thread for every task until it holds its
 * core size, even while others are idle, and its idle threads take tasks in the order they began to
 * wait: at 16 concurrent GetPhoneNumber calls all 200 threads lived and each call woke the one idle
 * the longest, with a cold cache and its own copy of every thread-local (Netty's buffer cache, the
 * allocation buffer, the digests), and none ever idled long enough to retire. Here about as many
 * threads live as calls ran at once in the last minute, the same few stay hot, and the rest retire.
 * The hand-off itself is a lock and an unpark, as with the JDK pool; nothing spins (grpc-java's
 * default pool spins in a SynchronousQueue, see {@link GrpcServer#callExecutor}).
 */
final class CallThreads implements Executor {

  private final int maxThreads;
  private final long keepAliveNanos;
  private final String namePrefix;
  private final ReentrantLock lock = new ReentrantLock();
  // guarded by lock
  private final ArrayDeque<Worker> idle = new ArrayDeque<>();
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  private int live;
  private int named;
  private volatile boolean shutdown;

  CallThreads(int maxThreads, Duration keepAlive, String namePrefix) {
    if (maxThreads < 1) {
      throw new IllegalArgumentException("maxThreads must be at least 1");
    }
    this.maxThreads = maxThreads;
    this.keepAliveNanos = keepAlive.toNanos();
    this.namePrefix = namePrefix;
  }

  /**
   * @throws RejectedExecutionException after {@link #shutdown()}
   */
  @Override
  public void execute(Runnable task) {
    Worker wake;
    Worker spawn = null;
    lock.lock();
    try {
      if (shutdown) {
        throw new RejectedExecutionException("the call threads are shut down");
      }
      wake = idle.pollFirst();
      if (wake != null) {
        wake.handed = task;
      } else if (live < maxThreads) {
        live++;
        spawn = new Worker(task, namePrefix + ++named);
      } else {
        waiting.addLast(task);
      }
    } finally {
      lock.unlock();
    }
    if (wake != null) {
      LockSupport.unpark(wake.thread);
    } else if (spawn != null) {
      spawn.thread.start();
    }
  }

  /** Takes no new tasks; those already given run, then the threads end. */
  void shutdown() {
    lock.lock();
    try {
      shutdown = true;
      idle.forEach(worker -> LockSupport.unpark(worker.thread));
    } finally {
      lock.unlock();
    }
  }

  /** Threads alive now, busy or idle. */
  int threads() {
    lock.lock();
    try {
      return live;
    } finally {
      lock.unlock();
    }
  }

  /** Threads alive and waiting for a task now. */
  int idleThreads() {
    lock.lock();
    try {
      return idle.size();
    } finally {
      lock.unlock();
    }
  }

  private final class Worker implements Runnable {
    final Thread thread;
    private Runnable first;
    volatile Runnable handed;

    Worker(Runnable first, String name) {
      this.first = first;
      this.thread = new Thread(this, name);
      thread.setDaemon(true);
    }

    @Override
    public void run() {
      Runnable task = first;
      first = null;
      while (task != null) {
        try {
          task.run();
        } catch (Throwable failure) {
          // the thread stays: a task that failed is no reason to make another one for the next
          thread.getUncaughtExceptionHandler().uncaughtException(thread, failure);
        }
        task = next();
      }
    }

    /**
     * @return the next task, or null when this thread is to end (idle too long, or shut down)
     */
    private Runnable next() {
      lock.lock();
      try {
        Runnable queued = waiting.pollFirst();
        if (queued != null) {
          return queued;
        }
        if (shutdown) {
          live--;
          return null;
        }
        handed = null;
        idle.addFirst(this);
      } finally {
        lock.unlock();
      }
      long deadline = System.nanoTime() + keepAliveNanos;
      while (true) {
        Runnable task = handed;
        if (task != null) {
          return task;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || shutdown) {
          lock.lock();
          try {
            if (handed != null) {
              return handed; // given a task just as it was about to end
            }
            idle.remove(this);
            live--;
            return null;
          } finally {
            lock.unlock();
          }
        }
        LockSupport.parkNanos(this, Math.min(left, TimeUnit.SECONDS.toNanos(60)));
      }
    }
  }
}
