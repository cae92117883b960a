package io.switchboard.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.grpc.InPlaceCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The call queue's bound, over Netty on loopback: one thread, two queued calls, slow calls fill
 * both; the next calls are refused with RESOURCE_EXHAUSTED ({@code SERVER_OVERLOADED}, RetryInfo),
 * the admitted ones complete, and the server serves again once the backlog drained. Waits: {@code
 * switchboard.test.waitSeconds} (default 30).
 */
class BoundedCallQueueTest {

  private static final long WAIT_SECONDS = Long.getLong("switchboard.test.waitSeconds", 30);
  private static final int OVERFLOW_CALLS = 20;

  private static final MethodDescriptor.Marshaller<String> TEXT =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
          return new ByteArrayInputStream(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
          try {
            return new String(stream.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };
  private static final MethodDescriptor<String, String> SLOW =
      MethodDescriptor.<String, String>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("test.Slow/Call")
          .setRequestMarshaller(TEXT)
          .setResponseMarshaller(TEXT)
          .build();

  private static final io.grpc.Metadata.Key<String> CALL_NAME =
      io.grpc.Metadata.Key.of("x-test-call", io.grpc.Metadata.ASCII_STRING_MARSHALLER);

  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch firstRunning = new CountDownLatch(1);
  private GrpcServer server;
  private ManagedChannel channel;

  /** What the echo server's handler does with each request before it answers. */
  private java.util.function.Consumer<String> whileHandling = request -> {};

  @AfterEach
  void stop() {
    release.countDown();
    if (channel != null) {
      channel.shutdownNow();
    }
    if (server != null) {
      server.beginShutdown();
      server.awaitDrained(Duration.ofSeconds(5));
    }
  }

  @Test
  void calls_beyond_the_queue_are_refused_cleanly_and_the_server_recovers() throws Exception {
    BindableService slow =
        () ->
            ServerServiceDefinition.builder("test.Slow")
                .addMethod(
                    SLOW,
                    ServerCalls.asyncUnaryCall((request, response) -> {
                      if (request.equals("hold")) {
                        firstRunning.countDown();
                        awaitRelease();
                      }
                      response.onNext("done " + request);
                      response.onCompleted();
                    }))
                .build();
    server =
        new GrpcServer(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            Optional.empty(),
            1000,
            1,
            2,
            new HealthStatusManager(),
            List.of(slow),
            List.of(),
            InPlaceCalls.NONE,
            EventLoopBudget.unbounded(),
            Duration.ofMinutes(5));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    server.registerMetrics(registry);
    server.start();
    channel =
        NettyChannelBuilder.forAddress(
                InetAddress.getLoopbackAddress().getHostAddress(), server.port())
            .usePlaintext()
            .build();

    Future<String> running = call("hold");
    assertThat(firstRunning.await(WAIT_SECONDS, TimeUnit.SECONDS))
        .as("the first call holds the only thread")
        .isTrue();
    Future<String> queued1 = call("q1");
    Future<String> queued2 = call("q2");
    awaitQueued(2);

    List<Future<String>> overflow = new ArrayList<>();
    for (int i = 0; i < OVERFLOW_CALLS; i++) {
      overflow.add(call("over" + i));
    }
    for (Future<String> refused : overflow) {
      assertOverloaded(refused);
    }
    // warm now: how long a refusal takes, one call at a time
    long[] refusalNanos = new long[OVERFLOW_CALLS];
    for (int i = 0; i < OVERFLOW_CALLS; i++) {
      long start = System.nanoTime();
      assertOverloaded(call("again" + i));
      refusalNanos[i] = System.nanoTime() - start;
    }
    java.util.Arrays.sort(refusalNanos);
    assertThat(server.queuedCalls()).as("refused calls took no place in the queue").isEqualTo(2);
    assertThat(server.overloadRefusals()).isEqualTo(2L * OVERFLOW_CALLS);
    assertThat(registry.get("switchboard.grpc.overload.refusals").functionCounter().count())
        .isEqualTo(2.0 * OVERFLOW_CALLS);
    assertThat(registry.get("switchboard.grpc.calls.queued").gauge().value()).isEqualTo(2.0);

    release.countDown();
    assertThat(running.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("done hold");
    assertThat(queued1.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("done q1");
    assertThat(queued2.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("done q2");
    long[] servedNanos = new long[OVERFLOW_CALLS];
    for (int i = 0; i < OVERFLOW_CALLS; i++) {
      long start = System.nanoTime();
      assertThat(call("after" + i).get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("done after" + i);
      servedNanos[i] = System.nanoTime() - start;
    }
    java.util.Arrays.sort(servedNanos);
    System.out.printf(
        "RELIABILITY 13.14b 1 thread, 2 queued calls: %d further calls all RESOURCE_EXHAUSTED "
            + "(SERVER_OVERLOADED, RetryInfo 1 s), a refusal took %.2f ms (median of %d, slowest %.2f ms); "
            + "the 3 admitted calls completed OK; afterwards %d calls served, %.2f ms median%n",
        2 * OVERFLOW_CALLS,
        refusalNanos[OVERFLOW_CALLS / 2] / 1e6,
        OVERFLOW_CALLS,
        refusalNanos[OVERFLOW_CALLS - 1] / 1e6,
        OVERFLOW_CALLS,
        servedNanos[OVERFLOW_CALLS / 2] / 1e6);
  }

  @Test
  void the_listeners_hear_each_callback_once_in_order_in_the_calls_context() throws Exception {
    List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    CountDownLatch completed = new CountDownLatch(1);
    io.grpc.ServerInterceptor recording =
        new io.grpc.ServerInterceptor() {
          @Override
          public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(
              io.grpc.ServerCall<Q, R> call,
              io.grpc.Metadata headers,
              io.grpc.ServerCallHandler<Q, R> next) {
            return new io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
                next.startCall(call, headers)) {
              @Override
              public void onMessage(Q message) {
                heard.add("message " + message + deadline());
                super.onMessage(message);
              }

              @Override
              public void onHalfClose() {
                heard.add("half-close" + deadline());
                super.onHalfClose();
              }

              @Override
              public void onComplete() {
                heard.add("complete" + deadline());
                super.onComplete();
                completed.countDown();
              }
            };
          }

          private String deadline() {
            return io.grpc.Context.current().getDeadline() == null
                ? " without the call's context"
                : "";
          }
        };
    startEcho(recording, InPlaceCalls.NONE, EventLoopBudget.unbounded());

    assertThat(call("one").get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("done one");
    assertThat(completed.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(heard).containsExactly("message one", "half-close", "complete");
  }

  /**
   * Held until its request has come, a call the adapter answers in place runs every callback on the
   * event loop; one it turns down (or whose question fails) runs on a call thread, as does one
   * cancelled before its request was complete. Each hears its callbacks once, in order.
   */
  @Test
  void a_call_answered_in_place_runs_on_the_event_loop_and_one_turned_down_on_a_call_thread()
      throws Exception {
    java.util.Map<String, List<String>> heard = new java.util.concurrent.ConcurrentHashMap<>();
    CountDownLatch completed = new CountDownLatch(3);
    CountDownLatch cancelled = new CountDownLatch(1);
    io.grpc.ServerInterceptor recording =
        new io.grpc.ServerInterceptor() {
          @Override
          public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(
              io.grpc.ServerCall<Q, R> call,
              io.grpc.Metadata headers,
              io.grpc.ServerCallHandler<Q, R> next) {
            List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
            events.add("start " + where());
            heard.put(headers.get(CALL_NAME), events);
            return new io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
                next.startCall(call, headers)) {
              @Override
              public void onMessage(Q message) {
                events.add("message " + where());
                super.onMessage(message);
              }

              @Override
              public void onHalfClose() {
                events.add("half-close " + where());
                super.onHalfClose();
              }

              @Override
              public void onComplete() {
                events.add("complete " + where());
                super.onComplete();
                completed.countDown();
              }

              @Override
              public void onCancel() {
                events.add("cancel " + where());
                super.onCancel();
                cancelled.countDown();
              }
            };
          }

          private String where() {
            return Thread.currentThread().getName().startsWith("grpc-call-")
                ? "on a call thread"
                : "on the event loop";
          }
        };
    InPlaceCalls inPlace =
        new InPlaceCalls() {
          @Override
          public boolean mayAnswer(MethodDescriptor<?, ?> method) {
            return method.equals(SLOW);
          }

          @Override
          public boolean answers(
              MethodDescriptor<?, ?> method, io.grpc.Metadata headers, Object request) {
            if (request.equals("failing question")) {
              throw new IllegalStateException("the adapter could not tell");
            }
            return request.equals("answered in place");
          }
        };
    startEcho(recording, inPlace, EventLoopBudget.unbounded());

    for (String request : List.of("answered in place", "turned down", "failing question")) {
      io.grpc.Metadata named = new io.grpc.Metadata();
      named.put(CALL_NAME, request);
      String answer =
          ClientCalls.futureUnaryCall(
                  io.grpc.ClientInterceptors.intercept(
                          channel, io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(named))
                      .newCall(SLOW, io.grpc.CallOptions.DEFAULT),
                  request)
              .get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(answer).isEqualTo("done " + request);
    }
    io.grpc.ClientCall<String, String> unfinished =
        channel.newCall(SLOW, io.grpc.CallOptions.DEFAULT);
    io.grpc.Metadata named = new io.grpc.Metadata();
    named.put(CALL_NAME, "never half-closed");
    unfinished.start(new io.grpc.ClientCall.Listener<>() {}, named);
    unfinished.request(1);
    unfinished.sendMessage("never half-closed");
    awaitQueued(1); // admitted and held: nothing of it ran yet
    assertThat(heard).doesNotContainKey("never half-closed");
    unfinished.cancel("the caller gave up", null);

    assertThat(completed.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(cancelled.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(heard.get("answered in place"))
        .containsExactly(
            "start on the event loop",
            "message on the event loop",
            "half-close on the event loop",
            "complete on the event loop");
    for (String request : List.of("turned down", "failing question")) {
      assertThat(heard.get(request))
          .as(request)
          .containsExactly(
              "start on a call thread",
              "message on a call thread",
              "half-close on a call thread",
              "complete on a call thread");
    }
    // the message may or may not have reached the server before the cancellation did
    assertThat(heard.get("never half-closed")).first().isEqualTo("start on a call thread");
    assertThat(heard.get("never half-closed")).last().isEqualTo("cancel on a call thread");
    assertThat(heard.get("never half-closed")).allMatch(event -> event.endsWith("a call thread"));
    assertThat(server.queuedCalls()).isZero();
    assertThat(server.callsAnsweredInPlace()).isEqualTo(1);
  }

  /**
   * Once the calls answered in place on an event loop took its share of the current millisecond
   * (here half of it), answerable calls go to a call thread, until the next millisecond begins. The
   * budget's clock is the test's: the first call's handler takes 0.6 ms of it.
   */
  @Test
  void an_answerable_call_goes_to_a_call_thread_while_its_event_loop_has_spent_its_share()
      throws Exception {
    java.util.concurrent.atomic.AtomicLong nanoClock = new java.util.concurrent.atomic.AtomicLong();
    java.util.Map<String, String> ranOn = new java.util.concurrent.ConcurrentHashMap<>();
    whileHandling =
        request -> {
          ranOn.put(
              request,
              Thread.currentThread().getName().startsWith("grpc-call-")
                  ? "a call thread"
                  : "the event loop");
          if (request.equals("takes 0.6 ms")) {
            nanoClock.addAndGet(600_000);
          }
        };
    InPlaceCalls everyCall =
        new InPlaceCalls() {
          @Override
          public boolean mayAnswer(MethodDescriptor<?, ?> method) {
            return true;
          }

          @Override
          public boolean answers(
              MethodDescriptor<?, ?> method, io.grpc.Metadata headers, Object request) {
            return true;
          }
        };
    io.grpc.ServerInterceptor none =
        new io.grpc.ServerInterceptor() {
          @Override
          public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(
              io.grpc.ServerCall<Q, R> call,
              io.grpc.Metadata headers,
              io.grpc.ServerCallHandler<Q, R> next) {
            return next.startCall(call, headers);
          }
        };
    startEcho(none, everyCall, new EventLoopBudget(50, nanoClock::get));

    assertThat(call("takes 0.6 ms").get(WAIT_SECONDS, TimeUnit.SECONDS))
        .isEqualTo("done takes 0.6 ms");
    assertThat(call("in the same millisecond").get(WAIT_SECONDS, TimeUnit.SECONDS))
        .isEqualTo("done in the same millisecond");
    nanoClock.addAndGet(400_000);
    assertThat(call("in the next millisecond").get(WAIT_SECONDS, TimeUnit.SECONDS))
        .isEqualTo("done in the next millisecond");

    assertThat(ranOn)
        .containsExactlyInAnyOrderEntriesOf(
            java.util.Map.of(
                "takes 0.6 ms", "the event loop",
                "in the same millisecond", "a call thread",
                "in the next millisecond", "the event loop"));
    assertThat(server.callsAnsweredInPlace()).isEqualTo(2);
    assertThat(server.callsSentOffBusyLoop()).isEqualTo(1);
  }

  /** A server of four call threads whose one method answers "done " and the request at once. */
  private void startEcho(
      io.grpc.ServerInterceptor interceptor, InPlaceCalls inPlace, EventLoopBudget loopBudget) {
    BindableService echo =
        () ->
            ServerServiceDefinition.builder("test.Slow")
                .addMethod(
                    SLOW,
                    ServerCalls.asyncUnaryCall((request, response) -> {
                      whileHandling.accept(request);
                      response.onNext("done " + request);
                      response.onCompleted();
                    }))
                .build();
    server =
        new GrpcServer(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            Optional.empty(),
            1000,
            4,
            10,
            new HealthStatusManager(),
            List.of(echo),
            List.of(interceptor),
            inPlace,
            loopBudget,
            Duration.ofMinutes(5));
    server.start();
    channel =
        NettyChannelBuilder.forAddress(
                InetAddress.getLoopbackAddress().getHostAddress(), server.port())
            .usePlaintext()
            .build();
  }

  private Future<String> call(String request) {
    return ClientCalls.futureUnaryCall(
        channel.newCall(
            SLOW,
            io.grpc.CallOptions.DEFAULT.withDeadlineAfter(WAIT_SECONDS * 2, TimeUnit.SECONDS)),
        request);
  }

  private void awaitRelease() {
    try {
      release.await(WAIT_SECONDS * 2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitQueued(int expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (server.queuedCalls() < expected && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(server.queuedCalls()).as("calls waiting for the thread").isEqualTo(expected);
  }

  private static void assertOverloaded(Future<String> call) {
    AtomicReference<StatusRuntimeException> failure = new AtomicReference<>();
    assertThatThrownBy(() -> call.get(WAIT_SECONDS, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .satisfies(e -> failure.set((StatusRuntimeException) e.getCause()));
    assertThat(failure.get().getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    com.google.rpc.Status status = StatusProto.fromThrowable(failure.get());
    assertThat(status).isNotNull();
    ErrorInfo info =
        status.getDetailsList().stream()
            .filter(any -> any.is(ErrorInfo.class))
            .map(any -> unpack(any, ErrorInfo.class))
            .findFirst()
            .orElseThrow();
    assertThat(info.getReason()).isEqualTo("SERVER_OVERLOADED");
    assertThat(info.getMetadataMap()).containsEntry("max_queued_calls", "2");
    RetryInfo retry =
        status.getDetailsList().stream()
            .filter(any -> any.is(RetryInfo.class))
            .map(any -> unpack(any, RetryInfo.class))
            .findFirst()
            .orElseThrow();
    assertThat(retry.getRetryDelay().getSeconds()).isEqualTo(1);
  }

  private static <T extends com.google.protobuf.Message> T unpack(
      com.google.protobuf.Any any, Class<T> type) {
    try {
      return any.unpack(type);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }
}
