package io.switchboard.rest.voiceos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.switchboard.application.UseCaseServices;
import io.switchboard.rest.Dialect;
import io.switchboard.rest.RequestIds;
import io.switchboard.rest.Responses;
import io.switchboard.rest.RestApi;
import io.switchboard.rest.RestSupport;
import io.switchboard.rest.testing.OpenApiContract;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * A real HTTP server on a random loopback port serving either the whole {@link RestApi} or just the
 * given dialects with the failure routing {@code RestApi} gives them (every failure rendered by the
 * dialect, every response with an {@code X-Request-Id}), and a small JSON client for it. Every
 * response is checked against its dialect's OpenAPI document ({@link OpenApiContract}).
 */
public final class DialectTestServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Javalin server;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @SafeVarargs
  public static DialectTestServer start(
      UseCaseServices useCases,
      Clock clock,
      BiFunction<RestSupport, RestApi.InboundPorts, Dialect>... dialects) {
    RestApi.InboundPorts in = RestApi.InboundPorts.of(useCases);
    RestSupport support = in.support(clock);
    List<Dialect> served =
        java.util.Arrays.stream(dialects).map(d -> d.apply(support, in)).toList();
    return new DialectTestServer(served);
  }

  /** Every dialect, wired exactly as the service wires them: {@link RestApi}. */
  public static DialectTestServer startRestApi(UseCaseServices useCases, Clock clock) {
    return new DialectTestServer(
        Javalin.create(new RestApi(RestApi.InboundPorts.of(useCases), clock))
            .start("127.0.0.1", 0));
  }

  private DialectTestServer(Javalin started) {
    this.server = started;
  }

  private DialectTestServer(List<Dialect> dialects) {
    server =
        Javalin.create(
                config -> {
                  config.routes.before(RequestIds::of);
                  config.routes.exception(
                      Exception.class,
                      (e, ctx) -> {
                        Dialect owner =
                            dialects.stream()
                                .filter(d -> ctx.path().startsWith(d.pathPrefix()))
                                .findFirst()
                                .orElseThrow();
                        Responses.write(ctx, owner.renderError(e, RequestIds.of(ctx)));
                      });
                  dialects.forEach(d -> d.registerRoutes(config));
                })
            .start("127.0.0.1", 0);
  }

  /** A response: status, headers and the body parsed as JSON (null when empty). */
  public record Reply(int status, java.net.http.HttpHeaders headers, JsonNode body) {
    public Optional<String> header(String name) {
      return headers.firstValue(name);
    }
  }

  public Reply get(String path, String token) {
    return send("GET", path, token, null, new String[0]);
  }

  public Reply delete(String path, String token) {
    return send("DELETE", path, token, null, new String[0]);
  }

  public Reply patch(String path, String token, String body) {
    return send("PATCH", path, token, body, new String[0]);
  }

  public Reply post(String path, String token, String body) {
    return send("POST", path, token, body, new String[0]);
  }

  /** Any method, with optional extra headers given as name, value pairs. */
  public Reply send(String method, String path, String token, String body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (headers != null) {
      for (int i = 0; i + 1 < headers.length; i += 2) {
        request.header(headers[i], headers[i + 1]);
      }
    }
    try {
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      OpenApiContract.assertMatches(
          method, path, response.statusCode(), response.headers(), response.body());
      JsonNode parsed = response.body().isEmpty() ? null : JSON.readTree(response.body());
      return new Reply(response.statusCode(), response.headers(), parsed);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The loopback port it listens on, for clients other than this one (a browser, a generated
   * client).
   */
  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.stop();
  }
}
