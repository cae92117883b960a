package io.switchboard.bootstrap;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.grpc.InPlaceCalls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC endpoint for internal callers: given services behind given interceptors, plus the
 * standard health service.
 */
final class GrpcServer {

  private static final int MAX_INBOUND_MESSAGE_BYTES = 4 * 1024 * 1024;
  static final Duration KEEPALIVE_TIME = Duration.ofSeconds(60);
  static final Duration KEEPALIVE_TIMEOUT = Duration.ofSeconds(20);
  static final Duration PERMITTED_CLIENT_KEEPALIVE = Duration.ofSeconds(10);

  private final int requestedPort;
  private final HealthStatusManager health;
  private final Server server;
  private final CallThreads calls;
  private final BoundedCallQueue callQueue;

  /**
   * @param interceptors in the order a call passes through them: the first one sees the call first
   */
  GrpcServer(
      int port,
      int threads,
      HealthStatusManager health,
      List<BindableService> services,
      List<ServerInterceptor> interceptors,
      Duration maxConnectionAge) {
    this(
        new InetSocketAddress(port),
        Optional.empty(),
        Config.DEFAULT_GRPC_MAX_CALLS_PER_CONNECTION,
        threads,
        Config.DEFAULT_GRPC_MAX_QUEUED_CALLS,
        health,
        services,
        interceptors,
        InPlaceCalls.NONE,
        EventLoopBudget.unbounded(),
        maxConnectionAge);
  }

  /**
   * @param tls empty: plaintext; else TLS only (a plaintext client gets no answer), with client
   *     certificates required when the material has a client CA
   * @param maxCallsPerConnection concurrent calls one connection may carry (HTTP/2
   *     MAX_CONCURRENT_STREAMS): one client cannot fill the call queue over a single connection
   * @param maxQueuedCalls calls that may wait for one of the {@code threads}; further ones are
   *     refused at once with RESOURCE_EXHAUSTED ({@link BoundedCallQueue})
   * @param inPlace calls that run on the event loop, past the same interceptors, when they are
   *     answered without blocking ({@link BoundedCallQueue})
   * @param loopBudget how much of each event loop's time those calls may take
   */
  GrpcServer(
      InetSocketAddress address,
      Optional<TlsMaterial> tls,
      int maxCallsPerConnection,
      int threads,
      int maxQueuedCalls,
      HealthStatusManager health,
      List<BindableService> services,
      List<ServerInterceptor> interceptors,
      InPlaceCalls inPlace,
      EventLoopBudget loopBudget,
      Duration maxConnectionAge) {
    this.requestedPort = address.getPort();
    this.health = health;
    NettyServerBuilder builder =
        (tls.isPresent()
                ? NettyServerBuilder.forAddress(address, tls.get().grpcCredentials())
                : NettyServerBuilder.forAddress(address))
            .maxConcurrentCallsPerConnection(maxCallsPerConnection)
            .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES);
    withConnectionLifetime(builder, maxConnectionAge);
    this.calls = callExecutor(threads);
    this.callQueue = new BoundedCallQueue(calls, maxQueuedCalls, inPlace, loopBudget);
    // grpc-java itself only runs the call's start and its parsed messages on the event loop;
    // BoundedCallQueue moves
    // everything else onto the pool, or refuses the call when too many wait (a rejecting executor
    // here would reset
    // the stream, seen as INTERNAL)
    builder.directExecutor();
    services.forEach(builder::addService);
    // the builder runs the last added interceptor first
    for (ServerInterceptor interceptor : interceptors.reversed()) {
      builder.intercept(interceptor);
    }
    builder.intercept(
        callQueue); // outermost: nothing runs on the event loop before a call is admitted
    this.server = builder.build();
  }

  /**
   * Call routers balance over the replicas' addresses per connection, so a connection must not live
   * forever: after {@code maxConnectionAge} the server sends GOAWAY and the client opens a new
   * connection (possibly to another replica) for new calls. The grace is unbounded so a {@code
   * WatchChanges} stream on the old connection is never cut; it ends when its watcher or shutdown
   * ends it. Keepalive pings find dead peers behind idle NATs and load balancers; clients may ping
   * every 10 s, even without calls (watchers wait on idle streams).
   */
  static void withConnectionLifetime(NettyServerBuilder builder, Duration maxConnectionAge) {
    builder
        .maxConnectionAge(maxConnectionAge.toMillis(), TimeUnit.MILLISECONDS)
        .maxConnectionAgeGrace(
            Long.MAX_VALUE, TimeUnit.NANOSECONDS) // grpc-java reads this as "infinite"
        .keepAliveTime(KEEPALIVE_TIME.toSeconds(), TimeUnit.SECONDS)
        .keepAliveTimeout(KEEPALIVE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
        .permitKeepAliveTime(PERMITTED_CLIENT_KEEPALIVE.toSeconds(), TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true);
  }

  /** The status of each service is published by {@link Health}. */
  void start() {
    try {
      server.start();
    } catch (IOException e) {
      throw new ConfigException(Config.GRPC_PORT, bindProblem(requestedPort, e), e);
    }
  }

  /**
   * Where calls run (they block on the database): up to {@code threads} threads, made as calls
   * arrive and retired after a minute idle; a call goes to the thread idle the shortest time (see
   * {@link CallThreads}). grpc-java's default, a cached pool, hands every call over through a
   * SynchronousQueue whose spinning cost a quarter of the handler threads' CPU at 16 concurrent
   * GetPhoneNumber calls on two cores (BENCHMARKS.md); a plain queue measured 30 % more calls per
   * second. Beyond {@code threads} blocked calls, further calls wait rather than add threads;
   * {@link BoundedCallQueue} bounds how many.
   */
  static CallThreads callExecutor(int threads) {
    return new CallThreads(threads, Duration.ofSeconds(60), "grpc-call-");
  }

  /** Calls waiting for a thread now. */
  int queuedCalls() {
    return callQueue.queuedCalls();
  }

  /** Calls answered on the event loop since the start. */
  long callsAnsweredInPlace() {
    return callQueue.answeredInPlace();
  }

  /** Calls answerable in place that went to a call thread because their loop was busy. */
  long callsSentOffBusyLoop() {
    return callQueue.sentOffBusyLoop();
  }

  /** Calls refused since the start because too many were waiting. */
  long overloadRefusals() {
    return callQueue.refusals();
  }

  /** Read at scrape time from what the queue keeps anyway, like the other service metrics. */
  void registerMetrics(MeterRegistry registry) {
    Gauge.builder("switchboard.grpc.calls.queued", callQueue, BoundedCallQueue::queuedCalls)
        .description("gRPC calls waiting for a call thread")
        .register(registry);
    FunctionCounter.builder(
            "switchboard.grpc.overload.refusals", callQueue, BoundedCallQueue::refusals)
        .description(
            "gRPC calls refused because SWITCHBOARD_GRPC_MAX_QUEUED_CALLS were already waiting")
        .register(registry);
    FunctionCounter.builder(
            "switchboard.grpc.calls.in.place", callQueue, BoundedCallQueue::answeredInPlace)
        .description("gRPC calls answered on the event loop, from memory, without a call thread")
        .register(registry);
    FunctionCounter.builder(
            "switchboard.grpc.calls.off.busy.loop", callQueue, BoundedCallQueue::sentOffBusyLoop)
        .description(
            "gRPC calls answerable on the event loop, sent to a call thread because the loop had"
                + " spent SWITCHBOARD_GRPC_IN_PLACE_PERCENT of its time on such calls")
        .register(registry);
  }

  int port() {
    return server.getPort();
  }

  /** The services it serves, as registered (the warm-up prepares their messages). */
  List<ServerServiceDefinition> services() {
    return server.getServices();
  }

  /** Reports NOT_SERVING to health checkers and refuses new calls; calls in flight go on. */
  void beginShutdown() {
    health.enterTerminalState();
    server.shutdown();
  }

  /**
   * @return true when every call in flight finished before the deadline; the rest are cancelled
   */
  boolean awaitDrained(Duration timeout) {
    try {
      if (server.awaitTermination(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
        return true;
      }
      server.shutdownNow();
      server.awaitTermination(1, TimeUnit.SECONDS);
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
      return false;
    } finally {
      calls.shutdown(); // the server has stopped handing it calls
    }
  }

  /**
   * Netty's native transport reports a taken port with its own exception type, so look at the
   * messages.
   */
  static String bindProblem(int port, Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (String.valueOf(cause.getMessage()).contains("Address already in use")) {
        return "port " + port + " is already in use";
      }
    }
    Throwable root = failure;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return "cannot listen on port " + port + ": " + root.getMessage();
  }
}
