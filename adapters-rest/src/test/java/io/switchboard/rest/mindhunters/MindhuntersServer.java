package io.switchboard.rest.mindhunters;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.switchboard.persistence.testing.TestApplication;
import io.switchboard.rest.JsonBodies;
import io.switchboard.rest.RestApi;
import io.switchboard.rest.testing.OpenApiContract;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The whole REST API ({@link RestApi}) on a random loopback port over a TestApplication, and a JSON
 * client for it.
 */
final class MindhuntersServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private final Javalin server;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  MindhuntersServer(TestApplication app) {
    server =
        Javalin.create(
                config -> {
                  config.startup.showJavalinBanner = false;
                  config.http.maxRequestSize = JsonBodies.MAX_BODY_BYTES;
                  new RestApi(RestApi.InboundPorts.of(app.useCases()), app.clock()).accept(config);
                })
            .start("127.0.0.1", 0);
  }

  record Reply(int status, java.net.http.HttpHeaders headers, JsonNode body, String raw) {
    Optional<String> header(String name) {
      return headers.firstValue(name);
    }

    String code() {
      return body.path("error").path("code").asText(null);
    }

    String field() {
      return body.path("error").path("field").asText(null);
    }
  }

  Reply call(String method, String path, String token, String body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            // large bodies ask first, so a 413 arrives as an answer rather than racing the upload
            // into a connection reset
            .expectContinue(body != null && body.length() > 64 * 1024);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = response.body().isEmpty() ? null : JSON.readTree(response.body());
      Reply reply = new Reply(response.statusCode(), response.headers(), json, response.body());
      assertThat(reply.header("X-Request-Id"))
          .as("X-Request-Id on %s %s", method, path)
          .isPresent();
      OpenApiContract.assertMatches(
          method, path, response.statusCode(), response.headers(), response.body());
      return reply;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Reply get(String path, String token) {
    return call("GET", path, token, null);
  }

  static String resource(String name) {
    try (InputStream in = MindhuntersServer.class.getResourceAsStream("/mindhunters/" + name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The actual JSON has exactly the documented keys, each with the documented JSON type (nulls
   * allowed where a value may be unset), recursively; arrays are compared by their first documented
   * element.
   */
  static void assertSameShape(JsonNode documented, JsonNode actual, String path) {
    if (actual == null || actual.isNull()) {
      assertThat(documented.isTextual() || documented.isObject() || documented.isNumber())
          .as("%s is null where the documentation shows %s", path, documented)
          .isTrue();
      return;
    }
    assertThat(actual.getNodeType())
        .as("JSON type of %s", path)
        .isEqualTo(documented.getNodeType());
    if (documented.isObject()) {
      java.util.Set<String> documentedKeys = new java.util.TreeSet<>();
      documented.fieldNames().forEachRemaining(documentedKeys::add);
      java.util.Set<String> actualKeys = new java.util.TreeSet<>();
      actual.fieldNames().forEachRemaining(actualKeys::add);
      if (!documentedKeys.isEmpty()) {
        assertThat(actualKeys).as("keys of %s", path).isEqualTo(documentedKeys);
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = documented.fields(); it.hasNext(); ) {
        var e = it.next();
        assertSameShape(e.getValue(), actual.get(e.getKey()), path + "." + e.getKey());
      }
    } else if (documented.isArray() && documented.size() > 0) {
      for (JsonNode element : actual) {
        assertSameShape(documented.get(0), element, path + "[]");
      }
    } else if (documented.isNumber()) {
      assertThat(
              actual.isIntegralNumber()
                  || documented.isFloatingPointNumber()
                  || path.endsWith("monthly_fee"))
          .as("%s is an integer", path)
          .isTrue();
    }
  }

  @Override
  public void close() {
    server.stop();
  }
}
