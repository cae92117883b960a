package io.switchboard.bootstrap;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.util.JavalinBindException;
import java.util.function.Consumer;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Plain HTTP for the cluster network only: health probes and the metrics scrape, apart from the
 * public REST port so neither is reachable from outside and neither competes with API traffic (TLS
 * on the public ports does not apply here).
 */
final class ManagementServer {

  private final int requestedPort;
  private final Javalin javalin;

  ManagementServer(int port, Consumer<JavalinConfig> routes) {
    this.requestedPort = port;
    this.javalin =
        Javalin.create(config -> {
          config.startup.showJavalinBanner = false;
          config.startup.showOldJavalinVersionWarning = false;
          config.jetty.port = port;
          config.jetty.modifyServer(
              server -> server.setErrorHandler(HttpServer.withoutInternals(new ErrorHandler())));
          routes.accept(config);
        });
  }

  void start() {
    try {
      javalin.start();
    } catch (JavalinBindException e) {
      throw new ConfigException(
          Config.MANAGEMENT_PORT, GrpcServer.bindProblem(requestedPort, e), e);
    }
  }

  int port() {
    return javalin.port();
  }

  void stop() {
    javalin.stop();
  }
}
