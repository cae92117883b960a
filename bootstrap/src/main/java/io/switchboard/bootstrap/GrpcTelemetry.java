package io.switchboard.bootstrap;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.switchboard.persistence.DatabaseSpans;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * Traces and access-logs every gRPC call: a SERVER span per call, child of the caller's W3C {@code
 * traceparent} when it sends one, current (with the tracer for database spans) while the call's
 * code runs, and answered to the caller as a {@code traceparent} response header (or trailer); then
 * one access-log line. It also counts the WatchChanges streams that are open. Installed just inside
 * the metrics interceptor, so rejected calls (authentication, rate limit) are traced and logged
 * too; the request id is read from what the request-id interceptor sends back.
 */
final class GrpcTelemetry implements ServerInterceptor {

  static final String WATCH_CHANGES = "switchboard.v1.RoutingService/WatchChanges";
  private static final Metadata.Key<String> REQUEST_ID =
      Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);
  private static final AttributeKey<Long> GRPC_STATUS =
      AttributeKey.longKey("rpc.grpc.status_code");

  /**
   * Codes that mean the server failed (OpenTelemetry's gRPC conventions); the rest are the caller's
   * business.
   */
  private static final Set<Status.Code> SERVER_ERRORS =
      EnumSet.of(
          Status.Code.UNKNOWN,
          Status.Code.DEADLINE_EXCEEDED,
          Status.Code.UNIMPLEMENTED,
          Status.Code.INTERNAL,
          Status.Code.UNAVAILABLE,
          Status.Code.DATA_LOSS);

  /** The propagators ask for the same few headers on every call: their keys are made once. */
  private static final ConcurrentHashMap<String, Metadata.Key<String>> KEYS =
      new ConcurrentHashMap<>();

  private static Metadata.Key<String> key(String name) {
    Metadata.Key<String> key = KEYS.get(name);
    if (key == null) {
      key = Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
      if (KEYS.size() < 64) {
        KEYS.putIfAbsent(name, key);
      }
    }
    return key;
  }

  private static final TextMapGetter<Metadata> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Metadata carrier) {
          return carrier.keys();
        }

        @Override
        public String get(Metadata carrier, String key) {
          return carrier == null || key.endsWith(Metadata.BINARY_HEADER_SUFFIX)
              ? null
              : carrier.get(key(key));
        }
      };
  private static final TextMapSetter<Metadata> SETTER =
      (carrier, key, value) -> carrier.put(key(key), value);

  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final boolean accessLog;
  private final AtomicInteger openWatchStreams = new AtomicInteger();

  /** Made once per method: the span's attributes. */
  private final ConcurrentHashMap<String, Attributes> methodAttributes = new ConcurrentHashMap<>();

  GrpcTelemetry(Telemetry telemetry) {
    this.tracer = telemetry.tracer();
    this.propagator = telemetry.propagator();
    this.accessLog = telemetry.accessLog();
  }

  /** WatchChanges streams open right now. */
  int openWatchStreams() {
    return openWatchStreams.get();
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    MethodDescriptor<Q, R> method = call.getMethodDescriptor();
    String fullMethodName = method.getFullMethodName();
    Attributes attributes = methodAttributes.get(fullMethodName);
    if (attributes == null) {
      attributes =
          methodAttributes.computeIfAbsent(
              fullMethodName,
              name ->
                  Attributes.of(
                      AttributeKey.stringKey("rpc.system"), "grpc",
                      AttributeKey.stringKey("rpc.service"),
                          String.valueOf(method.getServiceName()),
                      AttributeKey.stringKey("rpc.method"),
                          String.valueOf(method.getBareMethodName())));
    }
    Context parent = propagator.extract(Context.root(), headers, GETTER);
    Span span =
        tracer
            .spanBuilder(fullMethodName)
            .setParent(parent)
            .setSpanKind(SpanKind.SERVER)
            .setAllAttributes(attributes)
            .startSpan();
    Context context = parent.with(span).with(DatabaseSpans.TRACER, tracer);
    boolean watch = WATCH_CHANGES.equals(fullMethodName);
    if (watch) {
      openWatchStreams.incrementAndGet();
    }
    TracedCall<Q, R> traced = new TracedCall<>(call, context, span, watch);
    ServerCall.Listener<Q> listener;
    try (Scope ignored = context.makeCurrent()) {
      listener = next.startCall(traced, headers);
    } catch (RuntimeException | Error e) {
      traced.finished(Status.Code.UNKNOWN);
      throw e;
    }
    return new TracedListener<>(listener, context, traced);
  }

  private final class TracedCall<Q, R> extends SimpleForwardingServerCall<Q, R> {
    private static final AtomicIntegerFieldUpdater<TracedCall<?, ?>> FINISHED = finishedUpdater();
    private final Context context;
    private final Span span;
    private final boolean watch;
    private final long started = System.nanoTime();
    private volatile int finished;
    private volatile String requestId;
    private boolean headersSent;

    TracedCall(ServerCall<Q, R> call, Context context, Span span, boolean watch) {
      super(call);
      this.context = context;
      this.span = span;
      this.watch = watch;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static AtomicIntegerFieldUpdater<TracedCall<?, ?>> finishedUpdater() {
      return (AtomicIntegerFieldUpdater)
          AtomicIntegerFieldUpdater.newUpdater(TracedCall.class, "finished");
    }

    @Override
    public void sendHeaders(Metadata headers) {
      propagator.inject(context, headers, SETTER);
      headersSent = true;
      requestId = headers.get(REQUEST_ID);
      super.sendHeaders(headers);
    }

    @Override
    public void close(Status status, Metadata trailers) {
      if (!headersSent) {
        propagator.inject(context, trailers, SETTER);
      }
      if (requestId == null) {
        requestId = trailers.get(REQUEST_ID);
      }
      finished(status.getCode());
      super.close(status, trailers);
    }

    void finished(Status.Code code) {
      if (!FINISHED.compareAndSet(this, 0, 1)) {
        return;
      }
      long duration = System.nanoTime() - started;
      if (watch) {
        openWatchStreams.decrementAndGet();
      }
      span.setAttribute(GRPC_STATUS, (long) code.value());
      if (SERVER_ERRORS.contains(code)) {
        span.setStatus(StatusCode.ERROR, code.name());
      }
      span.end();
      if (accessLog) {
        AccessLog.write(
            "grpc",
            getMethodDescriptor().getFullMethodName(),
            code.name(),
            duration,
            requestId,
            span.getSpanContext());
      }
    }
  }

  /** Callbacks run on any executor thread: the call's context is made current around each one. */
  private static final class TracedListener<Q> extends SimpleForwardingServerCallListener<Q> {
    private final Context context;
    private final TracedCall<Q, ?> call;

    TracedListener(ServerCall.Listener<Q> delegate, Context context, TracedCall<Q, ?> call) {
      super(delegate);
      this.context = context;
      this.call = call;
    }

    @Override
    public void onMessage(Q message) {
      try (Scope ignored = context.makeCurrent()) {
        super.onMessage(message);
      }
    }

    @Override
    public void onHalfClose() {
      try (Scope ignored = context.makeCurrent()) {
        super.onHalfClose();
      }
    }

    @Override
    public void onCancel() {
      try (Scope ignored = context.makeCurrent()) {
        call.finished(Status.Code.CANCELLED);
        super.onCancel();
      }
    }

    @Override
    public void onComplete() {
      try (Scope ignored = context.makeCurrent()) {
        super.onComplete();
      }
    }

    @Override
    public void onReady() {
      try (Scope ignored = context.makeCurrent()) {
        super.onReady();
      }
    }
  }
}
