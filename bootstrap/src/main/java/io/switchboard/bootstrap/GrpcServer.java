package io.switchboard.bootstrap;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The gRPC endpoint for internal callers: given services behind given interceptors, plus the standard health service. */
final class GrpcServer {

    private static final int MAX_INBOUND_MESSAGE_BYTES = 4 * 1024 * 1024;

    private final int requestedPort;
    private final HealthStatusManager health;
    private final Server server;

    /**
     * @param interceptors in the order a call passes through them: the first one sees the call first
     */
    GrpcServer(int port, HealthStatusManager health, List<BindableService> services, List<ServerInterceptor> interceptors) {
        this.requestedPort = port;
        this.health = health;
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(port))
                .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES);
        services.forEach(builder::addService);
        // the builder runs the last added interceptor first
        for (ServerInterceptor interceptor : interceptors.reversed()) {
            builder.intercept(interceptor);
        }
        this.server = builder.build();
    }

    void start() {
        try {
            server.start();
        } catch (IOException e) {
            throw new ConfigException(Config.GRPC_PORT, bindProblem(requestedPort, e), e);
        }
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
    }

    int port() {
        return server.getPort();
    }

    /** Reports NOT_SERVING to health checkers and refuses new calls; calls in flight go on. */
    void beginShutdown() {
        health.enterTerminalState();
        server.shutdown();
    }

    /** @return true when every call in flight finished before the deadline; the rest are cancelled */
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
        }
    }

    /** Netty's native transport reports a taken port with its own exception type, so look at the messages. */
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
