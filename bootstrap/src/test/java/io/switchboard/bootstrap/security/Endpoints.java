package io.switchboard.bootstrap.security;

import io.javalin.Javalin;
import io.switchboard.application.UseCaseServices;
import io.switchboard.grpc.GrpcAdapter;
import io.switchboard.rest.RestApi;
import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every endpoint the service exposes, read from where they are registered: the REST routes from a
 * Javalin built with the real {@link RestApi}, the gRPC methods from the service descriptors of the
 * real {@link GrpcAdapter}. The security suites compare these sets with the endpoints they cover,
 * so an endpoint added without a test fails them.
 */
final class Endpoints {
  private static final Set<String> HTTP_METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

  /**
   * The routes anyone may call without a key: the dialects' published contracts (OpenAPI documents
   * and the /docs page, {@link io.switchboard.rest.ApiDocs}), static files that hold no tenant
   * data. AuthenticationIT proves each answers without a key and that they are still registered;
   * every other route is in {@link #restRoutes}.
   */
  static final Set<String> PUBLIC_REST_ROUTES =
      Set.of("GET /docs", "GET /docs/", "GET /docs/{file}", "GET /openapi/{file}");

  private Endpoints() {}

  /**
   * "METHOD /path/{param}" of every REST route of the three dialects: every route but {@link
   * #PUBLIC_REST_ROUTES}.
   */
  static Set<String> restRoutes(UseCaseServices useCases) {
    Set<String> routes = allRestRoutes(useCases);
    routes.removeAll(PUBLIC_REST_ROUTES);
    return routes;
  }

  /** "METHOD /path/{param}" of every route {@link RestApi} registers. */
  static Set<String> allRestRoutes(UseCaseServices useCases) {
    Set<String> routes = new TreeSet<>();
    Javalin.create(config -> {
      config.events.handlerAdded(info -> {
        if (HTTP_METHODS.contains(info.getHttpMethod().name())) {
          routes.add(info.getHttpMethod().name() + " " + info.getPath());
        }
      });
      new RestApi(RestApi.InboundPorts.of(useCases), Clock.systemUTC()).accept(config);
    });
    return routes;
  }

  /** "Service/Method" (without the switchboard.v1 package) of every method of the gRPC API. */
  static Set<String> grpcMethods(UseCaseServices useCases) {
    Set<String> methods = new TreeSet<>();
    try (GrpcAdapter adapter =
        new GrpcAdapter(GrpcAdapter.InboundPorts.of(useCases), Clock.systemUTC())) {
      adapter
          .services()
          .forEach(service ->
              service
                  .bindService()
                  .getServiceDescriptor()
                  .getMethods()
                  .forEach(m -> methods.add(m.getFullMethodName().replace("switchboard.v1.", ""))));
    }
    return methods;
  }
}
