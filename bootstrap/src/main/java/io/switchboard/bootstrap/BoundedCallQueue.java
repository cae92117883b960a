package io.switchboard.bootstrap;

import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.ResourceExhaustedException;
import io.switchboard.grpc.GrpcErrors;
import io.switchboard.grpc.InPlaceCalls;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where gRPC calls wait for a thread, with a bound. grpc-java hands a call to its executor before
 * any interceptor runs and resets the stream when that executor refuses it (the caller sees
 * INTERNAL), so the server runs on the transport thread (direct executor) and this interceptor, the
 * outermost, moves each call onto the pool itself: at the call's start, on the Netty event loop, it
 * only compares the pool's queue length with the bound. A call beyond it is closed at once with
 * RESOURCE_EXHAUSTED ({@code SERVER_OVERLOADED}, with RetryInfo), before any other interceptor or
 * handler ran; an admitted call runs everything else, the other interceptors included, on the pool.
 *
 * <p>Each admitted call's listener callbacks run one after another in arrival order on the pool, in
 * the call's gRPC context, as grpc-java's own serializing executor did. The bound counts admitted
 * calls that no thread has started yet, not the pool's queue: that also holds callbacks of calls
 * already answered (their completion), which are no caller's wait, and counting them refused a new
 * call right after a burst had been served. Callbacks of admitted calls are never refused: the
 * bound applies to new calls only, so a call that was let in is never cut in the middle.
 *
 * <p>A call the adapter may answer from memory ({@link InPlaceCalls}: ResolveInbound) is held on
 * the event loop until its request has come; if the adapter then says it answers without blocking,
 * the whole call (every interceptor, the handler, its later callbacks) runs right there, in order,
 * with no hand-off to a call thread and back. Both hand-offs are thread wake-ups: on two cores they
 * were about a third of a cached resolve's CPU (BENCHMARKS.md, issue 17's seventh pass). Otherwise
 * it goes to the pool as any call, and so does an answerable call whose event loop has spent its
 * share of time on in-place calls ({@link EventLoopBudget}): then the loop is the bottleneck, and
 * the call threads spread the work over the other cores.
 */
final class BoundedCallQueue implements ServerInterceptor {

  /**
   * A thread frees up within a call's time; a second lets the backlog drain without a retry storm.
   */
  static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private static final Metadata.Key<String> REQUEST_ID_HEADER =
      Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);
  private static final ServerCall.Listener<Object> REFUSED = new ServerCall.Listener<>() {};

  private final Executor pool;
  private final int maxQueuedCalls;
  private final InPlaceCalls inPlace;
  private final EventLoopBudget loopBudget;
  private final AtomicLong refusals = new AtomicLong();
  private final AtomicInteger waitingToStart = new AtomicInteger();
  private final LongAdder answeredInPlace = new LongAdder();
  private final LongAdder sentOffBusyLoop = new LongAdder();

  BoundedCallQueue(Executor pool, int maxQueuedCalls) {
    this(pool, maxQueuedCalls, InPlaceCalls.NONE, EventLoopBudget.unbounded());
  }

  /**
   * @param inPlace the calls that may run on the event loop once their request has come
   * @param loopBudget how much of each event loop's time those calls may take
   */
  BoundedCallQueue(
      Executor pool, int maxQueuedCalls, InPlaceCalls inPlace, EventLoopBudget loopBudget) {
    if (maxQueuedCalls < 0) {
      throw new IllegalArgumentException("maxQueuedCalls must not be negative");
    }
    this.pool = pool;
    this.maxQueuedCalls = maxQueuedCalls;
    this.inPlace = inPlace;
    this.loopBudget = loopBudget;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    // a few calls starting at once on different event loops may pass together: the bound is
    // exceeded by at most the number of event loops, never by a client's will
    if (waitingToStart.get() >= maxQueuedCalls) {
      return refuse(call, headers);
    }
    waitingToStart.incrementAndGet();
    SerialCall<Q, R> serial =
        new SerialCall<>(
            call,
            headers,
            next,
            Context.current(),
            mayRunInPlace(call.getMethodDescriptor()) ? inPlace : null);
    try {
      serial.start();
    } catch (RejectedExecutionException shutDown) {
      waitingToStart.decrementAndGet();
      return refuse(call, headers);
    }
    return serial;
  }

  /** Unary calls only: one request, then the answer, with nothing streaming in between. */
  private boolean mayRunInPlace(MethodDescriptor<?, ?> method) {
    return method.getType() == MethodDescriptor.MethodType.UNARY
        && loopBudget.allowsAny()
        && inPlace.mayAnswer(method);
  }

  /** Calls refused for a full queue since the start. */
  long refusals() {
    return refusals.get();
  }

  /** Calls run on the event loop since the start, answered without a call thread. */
  long answeredInPlace() {
    return answeredInPlace.sum();
  }

  /**
   * Calls the adapter would have answered in place, sent to the call threads since the start
   * because their event loop had spent its share of time.
   */
  long sentOffBusyLoop() {
    return sentOffBusyLoop.sum();
  }

  /** Admitted calls no thread has started yet. */
  int queuedCalls() {
    return waitingToStart.get();
  }

  @SuppressWarnings("unchecked")
  private <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Metadata headers) {
    refusals.incrementAndGet();
    StatusRuntimeException refusal =
        GrpcErrors.toStatusException(
            ResourceExhaustedException.serverOverloaded(maxQueuedCalls, RETRY_AFTER),
            Optional.of(requestId(headers)));
    call.close(
        refusal.getStatus(),
        refusal.getTrailers() == null ? new Metadata() : refusal.getTrailers());
    return (ServerCall.Listener<Q>) REFUSED;
  }

  /**
   * The caller's id when valid, so its logs find the refusal; the request id interceptor never saw
   * this call.
   */
  private static RequestId requestId(Metadata headers) {
    String header = headers.get(REQUEST_ID_HEADER);
    if (header != null) {
      try {
        return new RequestId(header);
      } catch (InvalidArgumentException malformed) {
        // a fresh one, as the request id interceptor would
      }
    }
    return RequestId.random();
  }

  /** A {@link SerialCall}'s flag: its events are being run, or queued to be. */
  private static final VarHandle SCHEDULED;

  // the markers a SerialCall queues for its callbacks other than messages
  private static final Object START = new Object();
  private static final Object HALF_CLOSE = new Object();
  private static final Object CANCEL = new Object();
  private static final Object COMPLETE = new Object();
  private static final Object READY = new Object();

  static {
    try {
      SCHEDULED =
          MethodHandles.lookup().findVarHandle(SerialCall.class, "scheduled", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Runs the call's events on the thread that delivers them: the event loop. */
  private static final Executor IN_PLACE = Runnable::run;

  /**
   * One admitted call: its start and its listener callbacks, queued in order and run by one pool
   * thread at a time. One object per call, standing in for the serializing executor grpc-java made
   * per call before; the queue holds the messages themselves and shared markers for the other
   * callbacks, so a callback allocates no task.
   */
  private final class SerialCall<Q, R> extends ServerCall.Listener<Q> implements Runnable {

    private final ServerCall<Q, R> call;
    private final ServerCallHandler<Q, R> next;
    private final Context context;
    private final ConcurrentLinkedQueue<Object> events = new ConcurrentLinkedQueue<>();

    @SuppressWarnings("unused") // through SCHEDULED
    private volatile boolean scheduled;

    /**
     * Asked where the call runs once its request has come; null once asked, or for a call that goes
     * to the pool from its start. Read and written on the event loop only.
     */
    private InPlaceCalls holdFor;

    /** The request of a held call, for {@link #holdFor}; on the event loop only. */
    private Object request;

    /** The pool, or {@link #IN_PLACE} for a call the adapter answers without blocking. */
    private volatile Executor executor;

    // read and written by the thread running the call at the time only (the queue orders those
    // runs); the headers also by the event loop while it holds the call, before it runs
    private Metadata headers;
    private ServerCall.Listener<Q> delegate;
    private boolean failed;

    SerialCall(
        ServerCall<Q, R> call,
        Metadata headers,
        ServerCallHandler<Q, R> next,
        Context context,
        InPlaceCalls holdFor) {
      this.executor = pool;
      this.call = call;
      this.headers = headers;
      this.next = next;
      this.context = context;
      this.holdFor = holdFor;
      events.add(START);
    }

    /**
     * Hands the call to the pool, or holds it (marked scheduled, so its callbacks only queue) until
     * its request has come.
     *
     * @throws RejectedExecutionException when the pool is shut down; nothing of the call ran
     */
    void start() {
      SCHEDULED.setVolatile(this, true);
      if (holdFor != null) {
        // the handler asks for its messages when it starts, which a held call has not: ask for the
        // request here (the handler's own ask later only allows more, as it would anyway)
        call.request(1);
        return;
      }
      try {
        pool.execute(this);
      } catch (RejectedExecutionException e) {
        events.clear();
        throw e;
      }
    }

    @Override
    public void onMessage(Q message) {
      if (holdFor != null && request == null) {
        request = message;
      }
      enqueue(message);
    }

    @Override
    public void onHalfClose() {
      events.add(HALF_CLOSE);
      if (holdFor != null) {
        if (!answersInPlace()) {
          release(pool);
        } else if (loopBudget.allows()) {
          answeredInPlace.increment();
          loopBudget.charge(() -> release(IN_PLACE));
        } else {
          sentOffBusyLoop.increment();
          release(pool);
        }
      } else {
        schedule();
      }
    }

    @Override
    public void onCancel() {
      events.add(CANCEL);
      if (holdFor != null) {
        release(pool);
      } else {
        schedule();
      }
    }

    private boolean answersInPlace() {
      try {
        return holdFor.answers(call.getMethodDescriptor(), headers, request);
      } catch (RuntimeException e) {
        return false; // the pool runs it, where whatever failed here fails again and is mapped
      }
    }

    /** Runs a held call's events so far, and from now on its callbacks, with {@code where}. */
    private void release(Executor where) {
      holdFor = null;
      request = null;
      executor = where;
      try {
        where.execute(this); // already marked scheduled by start()
      } catch (RejectedExecutionException shutDown) {
        events.clear();
        waitingToStart.decrementAndGet(); // it never will start: no longer waiting
      }
    }

    @Override
    public void onComplete() {
      enqueue(COMPLETE);
    }

    @Override
    public void onReady() {
      enqueue(READY);
    }

    private void enqueue(Object event) {
      events.add(event);
      schedule();
    }

    private void schedule() {
      if (SCHEDULED.compareAndSet(this, false, true)) {
        try {
          executor.execute(this);
        } catch (RejectedExecutionException shutDown) {
          // only after the server stopped and cancelled its calls: nothing is left to tell the
          // caller
          events.clear();
        }
      }
    }

    @Override
    public void run() {
      Context previous = context.attach();
      try {
        Object event;
        while ((event = events.poll()) != null) {
          if (!failed) {
            deliver(event);
          }
        }
      } finally {
        context.detach(previous);
        SCHEDULED.setVolatile(this, false);
      }
      if (!events.isEmpty() && SCHEDULED.compareAndSet(this, false, true)) {
        // added between the last poll and the release
        try {
          executor.execute(this);
        } catch (RejectedExecutionException shutDown) {
          events.clear();
        }
      }
    }

    /**
     * The innermost interceptor maps what services throw; anything escaping to here failed in an
     * interceptor. As grpc-java did, the call ends (INTERNAL, logged by GrpcErrors) and its later
     * callbacks are dropped.
     */
    @SuppressWarnings("unchecked")
    private void deliver(Object event) {
      try {
        if (event == START) {
          waitingToStart.decrementAndGet();
          Metadata startHeaders = headers;
          headers = null;
          delegate = next.startCall(call, startHeaders);
        } else if (event == HALF_CLOSE) {
          delegate.onHalfClose();
        } else if (event == READY) {
          delegate.onReady();
        } else if (event == COMPLETE) {
          delegate.onComplete();
        } else if (event == CANCEL) {
          delegate.onCancel();
        } else {
          delegate.onMessage((Q) event);
        }
      } catch (RuntimeException | Error e) {
        failed = true;
        StatusRuntimeException status = GrpcErrors.toStatusException(e, Optional.empty());
        try {
          call.close(
              status.getStatus(),
              status.getTrailers() == null ? new Metadata() : status.getTrailers());
        } catch (RuntimeException alreadyClosed) {
          // closed before it failed: nothing more can be told to the caller
        }
        if (e instanceof Error error) {
          throw error;
        }
      }
    }
  }
}
