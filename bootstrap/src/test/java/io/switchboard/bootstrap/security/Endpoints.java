package io.switchboard.bootstrap.security;

import io.javalin.Javalin;
import io.switchboard.application.UseCases;
import io.switchboard.grpc.GrpcAdapter;
import io.switchboard.rest.RestApi;
import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every endpoint the service exposes, read from where they are registered: the REST routes from a Javalin built with
 * the real {@link RestApi}, the gRPC methods from the service descriptors of the real {@link GrpcAdapter}. The security
 * suites compare these sets with the endpoints they cover, so an endpoint added without a test fails them.
 */
final class Endpoints {
  private static final Set<String> HTTP_METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

  private Endpoints() {}

  /** "METHOD /path/{param}" of every REST route of the three dialects. */
  static Set<String> restRoutes(UseCases useCases) {
    Set<String> routes = new TreeSet<>();
    Javalin.create(config -> {
      config.events.handlerAdded(info -> {
        if (HTTP_METHODS.contains(info.getHttpMethod().name())) {
          routes.add(info.getHttpMethod().name() + " " + info.getPath());
        }
      });
      new RestApi(useCases, Clock.systemUTC()).accept(config);
    });
    return routes;
  }

  /** "Service/Method" (without the switchboard.v1 package) of every method of the gRPC API. */
  static Set<String> grpcMethods(UseCases useCases) {
    Set<String> methods = new TreeSet<>();
    try (GrpcAdapter adapter = new GrpcAdapter(useCases, Clock.systemUTC())) {
      adapter.services().forEach(service -> service.bindService().getServiceDescriptor().getMethods()
          .forEach(m -> methods.add(m.getFullMethodName().replace("switchboard.v1.", ""))));
    }
    return methods;
  }
}
