package io.switchboard.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Flow control of one server stream written from a worker thread: the writer waits until the
 * transport can take the next message, or learns that the client cancelled. The stream's ready and
 * cancel handlers wake it at once; a timed wait covers a missed signal.
 */
final class StreamReadiness {
  private final ServerCallStreamObserver<?> call;
  private final Duration poll;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition readyOrCancelled = lock.newCondition();
  private volatile boolean cancelled;

  private StreamReadiness(ServerCallStreamObserver<?> call, Duration poll) {
    this.call = call;
    this.poll = poll;
  }

  /**
   * Installs the stream's handlers, which must be in place before the service method returns.
   *
   * @param onCancel what else a cancellation does at once, on the transport's thread
   */
  static StreamReadiness of(ServerCallStreamObserver<?> call, Duration poll, Runnable onCancel) {
    StreamReadiness readiness = new StreamReadiness(call, poll);
    call.setOnCancelHandler(() -> {
      readiness.cancelled = true;
      onCancel.run();
      readiness.signal();
    });
    call.setOnReadyHandler(readiness::signal);
    return readiness;
  }

  boolean cancelled() {
    return cancelled;
  }

  /** Waits until the transport can take a message; false when the call was cancelled meanwhile. */
  boolean awaitReady() throws InterruptedException {
    lock.lock();
    try {
      while (!call.isReady() && !cancelled) {
        readyOrCancelled.await(poll.toMillis(), TimeUnit.MILLISECONDS);
      }
      return !cancelled;
    } finally {
      lock.unlock();
    }
  }

  private void signal() {
    lock.lock();
    try {
      readyOrCancelled.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
