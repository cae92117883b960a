package io.switchboard.grpc;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.switchboard.application.UseCaseFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * The adapter with its real interceptors behind an in-process server, over the use cases on
 * in-memory fakes: the gRPC mapping (auth, errors, page tokens, metadata) tested in milliseconds,
 * without sockets or a database.
 */
final class InProcessGrpc implements AutoCloseable {
  private final UseCaseFixture app;
  private final GrpcAdapter adapter;
  private final Server server;
  private final ManagedChannel channel;

  InProcessGrpc() {
    this.app = UseCaseFixture.start();
    this.adapter = new GrpcAdapter(GrpcAdapter.InboundPorts.of(app.useCases()), app.clock());
    String name = InProcessServerBuilder.generateName();
    var builder = InProcessServerBuilder.forName(name).directExecutor();
    adapter.services().forEach(builder::addService);
    for (ServerInterceptor interceptor : adapter.interceptors().reversed()) {
      builder.intercept(interceptor);
    }
    try {
      this.server = builder.build().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  UseCaseFixture app() {
    return app;
  }

  ManagedChannel channel() {
    return channel;
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    adapter.close();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    app.close();
  }
}
