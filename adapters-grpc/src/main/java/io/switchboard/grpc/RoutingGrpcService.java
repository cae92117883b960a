package io.switchboard.grpc;

import static io.switchboard.grpc.Responses.reply;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.routing.PreviewRoutingUseCase;
import io.switchboard.application.routing.ResolveInboundUseCase;
import io.switchboard.application.routing.WatchChangesUseCase;
import io.switchboard.application.trunk.GetTrunkCredentialsUseCase;
import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.proto.v1.GetTrunkCredentialsRequest;
import io.switchboard.proto.v1.PreviewRoutingRequest;
import io.switchboard.proto.v1.ResolveInboundRequest;
import io.switchboard.proto.v1.ResolveInboundResponse;
import io.switchboard.proto.v1.RoutingServiceGrpc;
import io.switchboard.proto.v1.TrunkCredentials;
import io.switchboard.proto.v1.WatchChangesRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * switchboard.v1.RoutingService. WatchChanges streams run on their own executor, one long poll
 * after another, so that a stream never holds a transport or call-executor thread while it waits
 * for changes.
 */
final class RoutingGrpcService extends RoutingServiceGrpc.RoutingServiceImplBase {

  static final int BATCH = 500;
  static final Duration POLL = Duration.ofSeconds(1);
  private static final Logger LOG = LoggerFactory.getLogger(RoutingGrpcService.class);

  private final ResolveInboundUseCase resolve;
  private final PreviewRoutingUseCase preview;
  private final GetTrunkCredentialsUseCase credentials;
  private final WatchChangesUseCase watch;
  private final ExecutorService watchExecutor;

  RoutingGrpcService(
      ResolveInboundUseCase resolve,
      PreviewRoutingUseCase preview,
      GetTrunkCredentialsUseCase credentials,
      WatchChangesUseCase watch,
      ExecutorService watchExecutor) {
    this.resolve = resolve;
    this.preview = preview;
    this.credentials = credentials;
    this.watch = watch;
    this.watchExecutor = watchExecutor;
  }

  @Override
  public void resolveInbound(
      ResolveInboundRequest request, StreamObserver<ResolveInboundResponse> observer) {
    var ctx = CallContext.requestContext();
    var command =
        RoutingProtoMapper.command(
            request.getCalledNumber(),
            request.getChannel(),
            request.getCaller(),
            request.getMinRevision(),
            request.hasAt() ? Optional.of(request.getAt()) : Optional.empty(),
            request.hasActiveCalls()
                ? OptionalInt.of(request.getActiveCalls())
                : OptionalInt.empty());
    reply(observer, RoutingProtoMapper.toProto(resolve.resolve(ctx, command)));
  }

  @Override
  public void previewRouting(
      PreviewRoutingRequest request, StreamObserver<ResolveInboundResponse> observer) {
    var ctx = CallContext.requestContext();
    var command =
        RoutingProtoMapper.command(
            request.getCalledNumber(),
            request.getChannel(),
            request.getCaller(),
            request.getMinRevision(),
            request.hasAt() ? Optional.of(request.getAt()) : Optional.empty(),
            request.hasActiveCalls()
                ? OptionalInt.of(request.getActiveCalls())
                : OptionalInt.empty());
    reply(observer, RoutingProtoMapper.toProto(preview.preview(ctx, command)));
  }

  @Override
  public void getTrunkCredentials(
      GetTrunkCredentialsRequest request, StreamObserver<TrunkCredentials> observer) {
    var ctx = CallContext.requestContext();
    var ref = CommonProtoMapper.trunkRef(request.getTrunk(), "trunk");
    reply(observer, TrunkProtoMapper.credentials(credentials.credentials(ctx, ref)));
  }

  @Override
  public void watchChanges(
      WatchChangesRequest request, StreamObserver<io.switchboard.proto.v1.ChangeEvent> observer) {
    RequestContext ctx = CallContext.requestContext();
    if (request.getSinceRevision() < 0) {
      throw InvalidArgumentException.of("since_revision", "must not be negative");
    }
    var call = (ServerCallStreamObserver<io.switchboard.proto.v1.ChangeEvent>) observer;
    AutoCloseable slot =
        watch.openStream(ctx); // RESOURCE_EXHAUSTED when the key holds its limit of streams
    var stream = new WatchStream(ctx, request.getSinceRevision(), call, slot);
    try {
      watchExecutor.execute(stream);
    } catch (RejectedExecutionException e) {
      stream.releaseSlot();
      throw Status.UNAVAILABLE.withDescription("the server is shutting down").asRuntimeException();
    }
  }

  /**
   * One watcher: reads the next batch after the last revision sent, sends it as the client can take
   * it, repeats.
   */
  private final class WatchStream implements Runnable {
    private final RequestContext ctx;
    private final ServerCallStreamObserver<io.switchboard.proto.v1.ChangeEvent> call;
    private final StreamReadiness readiness;
    private final AutoCloseable slot;
    private long lastRevision;

    WatchStream(
        RequestContext ctx,
        long sinceRevision,
        ServerCallStreamObserver<io.switchboard.proto.v1.ChangeEvent> call,
        AutoCloseable slot) {
      this.ctx = ctx;
      this.lastRevision = sinceRevision;
      this.call = call;
      this.slot = slot;
      // a cancelled stream gives its slot back at once: a client that reconnects must not find its
      // own dead stream holding it
      this.readiness = StreamReadiness.of(call, POLL, this::releaseSlot);
    }

    /** Gives the key's stream slot back: the stream has ended, however it ended. */
    void releaseSlot() {
      try {
        slot.close();
      } catch (Exception e) {
        LOG.warn("releasing a watch stream slot failed", e);
      }
    }

    @Override
    public void run() {
      MDC.put(RequestIdInterceptor.MDC_KEY, ctx.requestId().value());
      try {
        while (!readiness.cancelled()) {
          List<ChangeEvent> events = watch.next(ctx, lastRevision, BATCH, POLL);
          for (ChangeEvent event : events) {
            if (!readiness.awaitReady()) {
              return;
            }
            call.onNext(ChangeProtoMapper.toProto(event));
            lastRevision = event.revision();
          }
        }
      } catch (InterruptedException e) {
        endWithShutdown();
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        if (watchExecutor.isShutdown()) {
          // Interrupted in the middle of a query by the shutdown: not a failure of the stream.
          endWithShutdown();
        } else {
          endWith(GrpcErrors.toStatusException(e, Optional.of(ctx.requestId())));
        }
      } finally {
        releaseSlot();
        MDC.remove(RequestIdInterceptor.MDC_KEY);
      }
    }

    /**
     * The adapter is closing (server shutdown): the watcher should resume from its last revision
     * elsewhere.
     */
    private void endWithShutdown() {
      endWith(
          Status.UNAVAILABLE
              .withDescription("the server is shutting down; resume from revision " + lastRevision)
              .asRuntimeException());
    }

    private void endWith(RuntimeException status) {
      if (readiness.cancelled()) {
        return;
      }
      try {
        call.onError(status);
      } catch (IllegalStateException alreadyClosed) {
        LOG.debug("watch stream closed before its error could be sent", alreadyClosed);
      }
    }
  }
}
