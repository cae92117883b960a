package io.switchboard.bootstrap;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The gRPC server meters of Micrometer's {@code MetricCollectingServerInterceptor}, with the same
 * names, units and tags ({@code grpc.server.requests.received}, {@code grpc.server.responses.sent},
 * {@code grpc.server.processing.duration} by service, method, methodType and statusCode), so
 * dashboards and alerts stay as they are. Micrometer's interceptor builds and registers the
 * duration timer anew on every call (a registry lookup with a fresh meter id); here each method's
 * meters, one timer per status code, are made once and the call only counts and records.
 */
final class GrpcServerMetrics implements ServerInterceptor {

  private static final Status.Code[] CODES = Status.Code.values();

  /**
   * Histogram buckets of the gRPC and HTTP timers, so Prometheus can compute p99 latency per method
   * across replicas (deploy/observability alerts on it). A dozen fixed buckets rather than
   * Micrometer's ~70-bucket percentile histogram: a few more counters per method and code.
   */
  static final Duration[] LATENCY_BUCKETS =
      Stream.of(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000)
          .map(Duration::ofMillis)
          .toArray(Duration[]::new);

  private final MeterRegistry registry;
  private final ConcurrentHashMap<String, MethodMeters> byMethod = new ConcurrentHashMap<>();

  GrpcServerMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    MethodDescriptor<Q, R> method = call.getMethodDescriptor();
    MethodMeters meters = byMethod.get(method.getFullMethodName());
    if (meters == null) {
      meters =
          byMethod.computeIfAbsent(
              method.getFullMethodName(), name -> new MethodMeters(registry, method));
    }
    MeasuredCall<Q, R> measured = new MeasuredCall<>(call, meters);
    MethodMeters counted = meters;
    return new SimpleForwardingServerCallListener<>(next.startCall(measured, headers)) {
      @Override
      public void onMessage(Q message) {
        counted.requests.increment();
        super.onMessage(message);
      }

      @Override
      public void onCancel() {
        measured.finished(Status.Code.CANCELLED);
        super.onCancel();
      }
    };
  }

  /** Counts responses and records the call's duration once, under the status it closed with. */
  private static final class MeasuredCall<Q, R> extends SimpleForwardingServerCall<Q, R> {
    private final MethodMeters meters;
    private final long started = System.nanoTime();
    private final AtomicBoolean recorded = new AtomicBoolean();

    MeasuredCall(ServerCall<Q, R> call, MethodMeters meters) {
      super(call);
      this.meters = meters;
    }

    @Override
    public void sendMessage(R message) {
      meters.responses.increment();
      super.sendMessage(message);
    }

    @Override
    public void close(Status status, Metadata trailers) {
      finished(status.getCode());
      super.close(status, trailers);
    }

    void finished(Status.Code code) {
      if (recorded.compareAndSet(false, true)) {
        meters.duration(code).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
      }
    }
  }

  private static final class MethodMeters {
    private final MeterRegistry registry;
    private final Tags tags;
    final Counter requests;
    final Counter responses;

    /**
     * By status code; made on the first call that ends with it (registering again returns the same
     * timer).
     */
    private final Timer[] durations = new Timer[CODES.length];

    MethodMeters(MeterRegistry registry, MethodDescriptor<?, ?> method) {
      this.registry = registry;
      this.tags =
          Tags.of(
              "service",
              String.valueOf(method.getServiceName()),
              "method",
              String.valueOf(method.getBareMethodName()),
              "methodType",
              method.getType().name());
      this.requests =
          Counter.builder("grpc.server.requests.received")
              .description("The total number of requests received")
              .baseUnit("messages")
              .tags(tags)
              .register(registry);
      this.responses =
          Counter.builder("grpc.server.responses.sent")
              .description("The total number of responses sent")
              .baseUnit("messages")
              .tags(tags)
              .register(registry);
    }

    Timer duration(Status.Code code) {
      Timer timer = durations[code.ordinal()];
      if (timer == null) {
        timer =
            Timer.builder("grpc.server.processing.duration")
                .description("The total time taken for the server to complete the call")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .tags(tags)
                .tag("statusCode", code.name())
                .register(registry);
        durations[code.ordinal()] = timer;
      }
      return timer;
    }
  }
}
