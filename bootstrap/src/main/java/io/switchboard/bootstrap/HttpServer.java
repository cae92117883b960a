package io.switchboard.bootstrap;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.util.JavalinBindException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The HTTP endpoint: health, metrics and the REST compatibility dialects, each contributed as
 * routes.
 */
final class HttpServer {

  static final long MAX_REQUEST_BYTES = 1024 * 1024;

  private final int requestedPort;
  private final Javalin javalin;

  HttpServer(int port, Duration shutdownGrace, List<Consumer<JavalinConfig>> routeContributors) {
    this(null, port, Optional.empty(), shutdownGrace, routeContributors);
  }

  /**
   * @param bindAddress the interface to listen on; null: all
   * @param tls empty: plain HTTP; else HTTPS only (the connector speaks nothing but TLS)
   */
  HttpServer(
      InetAddress bindAddress,
      int port,
      Optional<SSLContext> tls,
      Duration shutdownGrace,
      List<Consumer<JavalinConfig>> routeContributors) {
    this.requestedPort = port;
    this.javalin =
        Javalin.create(config -> {
          config.startup.showJavalinBanner = false;
          config.startup.showOldJavalinVersionWarning = false;
          config.http.maxRequestSize = MAX_REQUEST_BYTES;
          config.jetty.port = port;
          if (bindAddress != null) {
            config.jetty.host = bindAddress.getHostAddress();
          }
          tls.ifPresent(context ->
              config.jetty.addConnector((server, httpConfiguration) -> {
                // the certificate is chosen by the reloading key manager inside the context, not by
                // Jetty's SNI
                // matching against a key store (there is none), so Jetty's SNI host check has
                // nothing to check
                httpConfiguration.addCustomizer(new SecureRequestCustomizer(false));
                SslContextFactory.Server ssl = new SslContextFactory.Server();
                ssl.setSslContext(context);
                ServerConnector connector =
                    new ServerConnector(
                        server,
                        new SslConnectionFactory(ssl, "http/1.1"),
                        new HttpConnectionFactory(httpConfiguration));
                if (bindAddress != null) {
                  connector.setHost(bindAddress.getHostAddress());
                }
                connector.setPort(port);
                return connector;
              }));
          config.jetty.modifyServer(server -> {
            // Javalin nests its handlers inside this one, so stop() waits for requests in flight
            server.setHandler(new GracefulHandler());
            server.setStopTimeout(shutdownGrace.toMillis());
            server.setErrorHandler(withoutInternals(new ErrorHandler()));
          });
          config.jetty.modifyServletContextHandler(context ->
              context.setErrorHandler(
                  withoutInternals(new org.eclipse.jetty.ee10.servlet.ErrorHandler())));
          routeContributors.forEach(contributor -> contributor.accept(config));
        });
  }

  /**
   * Jetty's own error pages (bad URIs, oversized headers) must not reveal stack traces or exception
   * text.
   */
  static <H extends ErrorHandler> H withoutInternals(H handler) {
    handler.setShowStacks(false);
    handler.setShowCauses(false);
    handler.setShowMessageInTitle(false);
    return handler;
  }

  void start() {
    try {
      javalin.start();
    } catch (JavalinBindException e) {
      throw new ConfigException(Config.HTTP_PORT, GrpcServer.bindProblem(requestedPort, e), e);
    }
  }

  int port() {
    return javalin.port();
  }

  /** Stops accepting, lets requests in flight finish within the grace period, then closes. */
  void stop() {
    javalin.stop();
  }
}
