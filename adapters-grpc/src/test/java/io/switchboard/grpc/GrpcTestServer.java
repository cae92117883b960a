package io.switchboard.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.switchboard.persistence.testing.TestApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** The adapter behind a real Netty server on a free loopback port, with a client channel to it. */
final class GrpcTestServer implements AutoCloseable {

  private final GrpcAdapter adapter;
  private final Server server;
  private final ManagedChannel channel;

  GrpcTestServer(TestApplication app) {
    this.adapter = new GrpcAdapter(GrpcAdapter.InboundPorts.of(app.useCases()), app.clock());
    var health = new HealthStatusManager();
    var builder =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(health.getHealthService());
    adapter.services().forEach(builder::addService);
    for (ServerInterceptor interceptor : adapter.interceptors().reversed()) {
      builder.intercept(interceptor);
    }
    try {
      this.server = builder.build().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
  }

  ManagedChannel channel() {
    return channel;
  }

  GrpcAdapter adapter() {
    return adapter;
  }

  /** The stub sending {@code authorization: Bearer <key>}. */
  static <S extends AbstractStub<S>> S as(S stub, String apiKey) {
    var headers = new Metadata();
    headers.put(AuthenticationInterceptor.AUTHORIZATION, "Bearer " + apiKey);
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  /** Runs the call, asserts it failed with this code and reason, and returns the rich status. */
  static com.google.rpc.Status failure(ThrowingCallable call, Status.Code code, String reason) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call);
    assertThat(e).as("the call should fail with %s / %s", code, reason).isNotNull();
    assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code);
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    assertThat(status).as("rich status of %s", e.getStatus()).isNotNull();
    assertThat(errorInfo(status).getReason()).isEqualTo(reason);
    assertThat(errorInfo(status).getDomain()).isEqualTo(GrpcErrors.DOMAIN);
    return status;
  }

  static ErrorInfo errorInfo(com.google.rpc.Status status) {
    return unpack(status, ErrorInfo.class);
  }

  /** The field names of the BadRequest detail. */
  static List<String> badFields(com.google.rpc.Status status) {
    return unpack(status, BadRequest.class).getFieldViolationsList().stream()
        .map(BadRequest.FieldViolation::getField)
        .toList();
  }

  static <T extends com.google.protobuf.Message> T unpack(
      com.google.rpc.Status status, Class<T> type) {
    return status.getDetailsList().stream()
        .filter(d -> d.is(type))
        .findFirst()
        .map(d -> {
          try {
            return d.unpack(type);
          } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
          }
        })
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " in " + status));
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    adapter.close();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}
