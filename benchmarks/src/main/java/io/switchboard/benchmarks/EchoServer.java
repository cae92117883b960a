package io.switchboard.benchmarks;

import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.switchboard.proto.v1.ResolveInboundRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/**
 * The bare limit of the gRPC stack on this machine: a grpc-java Netty server, built like
 * Switchboard's (default executor, plaintext), whose one unary method sends the request message
 * straight back. Nothing to authenticate, no interceptors, no lookup.
 */
final class EchoServer implements AutoCloseable {

  static final MethodDescriptor<ResolveInboundRequest, ResolveInboundRequest> ECHO =
      MethodDescriptor.<ResolveInboundRequest, ResolveInboundRequest>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName("bench.Echo", "Echo"))
          .setRequestMarshaller(ProtoUtils.marshaller(ResolveInboundRequest.getDefaultInstance()))
          .setResponseMarshaller(ProtoUtils.marshaller(ResolveInboundRequest.getDefaultInstance()))
          .build();

  private final Server server;

  EchoServer() {
    ServerServiceDefinition echo =
        ServerServiceDefinition.builder("bench.Echo")
            .addMethod(
                ECHO,
                ServerCalls.asyncUnaryCall((request, response) -> {
                  response.onNext(request);
                  response.onCompleted();
                }))
            .build();
    try {
      server =
          NettyServerBuilder.forAddress(new InetSocketAddress(0)).addService(echo).build().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}
