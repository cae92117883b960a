package io.switchboard.grpc;

import io.grpc.BindableService;
import io.grpc.ServerInterceptor;
import io.switchboard.application.UseCases;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC adapter: every switchboard.v1 service over the use cases, and the interceptors they need. Add
 * {@link #services()} to a server and install {@link #interceptors()} so that the first one sees a call first (with
 * {@code ServerBuilder.intercept}, which runs the last added first, add them in reverse). Health and reflection
 * services need no API key. {@link #close()} ends the WatchChanges streams (UNAVAILABLE, so watchers resume on
 * another replica); call it when the server begins shutting down, or the streams hold the drain until its timeout.
 */
public final class GrpcAdapter implements AutoCloseable {

  private final List<BindableService> services;
  private final List<ServerInterceptor> interceptors;
  private final ExecutorService watchExecutor;

  public GrpcAdapter(UseCases useCases, Clock clock) {
    // Watch streams mostly wait; a virtual thread each costs next to nothing and never starves the call executor.
    this.watchExecutor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("grpc-watch-", 0).factory());
    var idempotent = new IdempotentCalls(useCases.idempotency());
    var pageTokens = new PageTokens(useCases.tokenSigner());
    this.services = List.of(
        new PhoneNumberGrpcService(useCases.numbers(), useCases.inventory(), useCases.inventory(), idempotent,
            pageTokens),
        new TrunkGrpcService(useCases.trunks(), idempotent, pageTokens),
        new BindingGrpcService(useCases.bindings(), idempotent),
        new AgentGrpcService(useCases.agents(), useCases.agents(), idempotent),
        new InventoryGrpcService(useCases.inventory(), useCases.inventory(), idempotent, clock),
        new AdminGrpcService(useCases.admin(), idempotent),
        new RoutingGrpcService(useCases.routing(), useCases.trunks(), useCases.changes(), watchExecutor));
    this.interceptors = List.of(
        new RequestIdInterceptor(),
        new RevisionInterceptor(),
        new DeadlineInterceptor(clock),
        new AuthenticationInterceptor(useCases.auth()),
        new ExceptionMappingInterceptor());
  }

  public List<BindableService> services() {
    return services;
  }

  /** In call order: the first sees a call first. */
  public List<ServerInterceptor> interceptors() {
    return interceptors;
  }

  @Override
  public void close() {
    watchExecutor.shutdownNow();
    try {
      watchExecutor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
