package io.switchboard.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.error.DomainException;
import io.switchboard.domain.trunk.SipPort;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shared HTTP plumbing with a stand-in dialect: request ids, failure routing, JSON reading,
 * limits.
 */
class RestApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Javalin server;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  /** Renders every failure as {"kind": ..., "reason": ..., "field": ..., "request_id": ...}. */
  static final class EchoDialect implements Dialect {
    @Override
    public String pathPrefix() {
      return "/echo";
    }

    @Override
    public void registerRoutes(JavalinConfig config) {
      config.routes.post(
          "/echo/body",
          ctx -> {
            JsonReader body =
                JsonReader.of(JsonBodies.readObject(ctx)).allowOnly("label", "port", "sip", "tags");
            JsonField<String> label = body.string("label");
            Patch<SipPort> port = body.integer("port").toPatch(p -> false, SipPort::of);
            body.object("sip")
                .optional()
                .ifPresent(sip -> sip.allowOnly("gateway").string("gateway"));
            body.stringArray("tags");
            body.finish();
            ObjectNode out = JsonBodies.object();
            out.put(
                "label",
                label.isAbsent()
                    ? "absent"
                    : label.isNull() ? "null" : label.optional().orElseThrow());
            out.put("port", port.toString());
            ctx.status(200).contentType("application/json").result(JsonBodies.write(out));
          });
      config.routes.get(
          "/echo/boom",
          ctx -> {
            throw new IllegalStateException("secret internals");
          });
      config.routes.get("/echo/id", ctx -> ctx.result(RequestIds.of(ctx).value()));
    }

    @Override
    public JsonResponse renderError(Throwable failure, RequestId requestId) {
      ObjectNode body = JsonBodies.object();
      body.put("request_id", requestId.value());
      int status = 500;
      if (failure instanceof HttpProblem p) {
        body.put("kind", p.kind().name());
        status = p.kind().status();
      } else if (failure instanceof DomainException d) {
        body.put("reason", d.reason().wire());
        body.put("field", d.violations().isEmpty() ? null : d.violations().get(0).field());
        body.put("fields", d.violations().stream().map(v -> v.field()).toList().toString());
        status = 422;
      } else {
        body.put("kind", "INTERNAL");
      }
      return JsonResponse.of(status, body);
    }
  }

  @BeforeAll
  static void start() {
    server =
        Javalin.create(
                config -> {
                  config.startup.showJavalinBanner = false;
                  config.http.maxRequestSize = JsonBodies.MAX_BODY_BYTES;
                  new RestApi(List.of(new EchoDialect())).accept(config);
                })
            .start("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder at(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
  }

  private static HttpResponse<String> post(String body) throws Exception {
    return send(at("/echo/body").POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  @Test
  void generates_a_request_id_and_echoes_a_sane_one() throws Exception {
    HttpResponse<String> generated = send(at("/echo/id").GET());
    assertThat(generated.headers().firstValue("X-Request-Id"))
        .hasValueSatisfying(id -> assertThat(id).hasSize(36));
    assertThat(generated.body())
        .isEqualTo(generated.headers().firstValue("X-Request-Id").orElseThrow());

    HttpResponse<String> echoed = send(at("/echo/id").header("X-Request-Id", "abc-123").GET());
    assertThat(echoed.headers().firstValue("X-Request-Id")).hasValue("abc-123");

    HttpResponse<String> replaced =
        send(at("/echo/id").header("X-Request-Id", "bad id with spaces <script>").GET());
    assertThat(replaced.headers().firstValue("X-Request-Id").orElseThrow()).hasSize(36);
  }

  @Test
  void keeps_absent_and_null_apart() throws Exception {
    assertThat(json(post("{}")).get("label").asText()).isEqualTo("absent");
    assertThat(json(post("{\"label\":null}")).get("label").asText()).isEqualTo("null");
    assertThat(json(post("{\"label\":\"x\",\"port\":5060}")).get("port").asText()).contains("5060");
  }

  @Test
  void malformed_json_is_a_problem_of_the_dialect() throws Exception {
    for (String bad :
        List.of("{", "", "[1]", "{\"a\":1} trailing", "{\"label\":\"a\",\"label\":\"b\"}")) {
      HttpResponse<String> response = post(bad);
      assertThat(response.statusCode()).as(bad).isEqualTo(400);
      assertThat(json(response).get("kind").asText()).isEqualTo("MALFORMED_JSON");
    }
  }

  @Test
  void unknown_fields_and_wrong_types_name_their_path() throws Exception {
    JsonNode unknown = json(post("{\"sip\":{\"gateway\":\"h\",\"pasword\":\"x\"}}"));
    assertThat(unknown.get("reason").asText()).isEqualTo("UNKNOWN_FIELD");
    assertThat(unknown.get("field").asText()).isEqualTo("sip.pasword");

    JsonNode wrongType = json(post("{\"sip\":{\"gateway\":5}}"));
    assertThat(wrongType.get("reason").asText()).isEqualTo("INVALID_ARGUMENT");
    assertThat(wrongType.get("field").asText()).isEqualTo("sip.gateway");

    JsonNode domainRule = json(post("{\"port\":70000,\"tags\":[\"a\",3]}"));
    assertThat(domainRule.get("fields").asText()).isEqualTo("[port, tags[1]]");

    JsonNode fraction = json(post("{\"port\":50.5}"));
    assertThat(fraction.get("field").asText()).isEqualTo("port");
  }

  @Test
  void refuses_bodies_over_one_mebibyte() throws Exception {
    String big = "{\"label\":\"" + "x".repeat((int) JsonBodies.MAX_BODY_BYTES) + "\"}";
    // Expect: 100-continue lets the server refuse before the body is sent; without it the server's
    // 413 and close can
    // race the client still writing, and the client sees a reset instead of the answer.
    HttpResponse<String> response =
        send(at("/echo/body").expectContinue(true).POST(HttpRequest.BodyPublishers.ofString(big)));
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(json(response).get("kind").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
  }

  @Test
  void unexpected_failures_are_generic() throws Exception {
    HttpResponse<String> response = send(at("/echo/boom").header("X-Request-Id", "req-1").GET());
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body())
        .doesNotContain("secret internals")
        .doesNotContain("IllegalStateException");
    assertThat(json(response).get("request_id").asText()).isEqualTo("req-1");
  }

  @Test
  void unknown_routes_answer_in_json() throws Exception {
    HttpResponse<String> inDialect = send(at("/echo/nothing-here").GET());
    assertThat(inDialect.statusCode()).isEqualTo(404);
    assertThat(json(inDialect).get("kind").asText()).isEqualTo("ROUTE_NOT_FOUND");
    assertThat(inDialect.headers().firstValue("X-Request-Id")).isPresent();

    HttpResponse<String> outside = send(at("/elsewhere").GET());
    assertThat(outside.statusCode()).isEqualTo(404);
    assertThat(json(outside).get("error").get("code").asText()).isEqualTo("ROUTE_NOT_FOUND");
  }

  @Test
  void if_match_parsing() {
    assertThat(Etags.parseIfMatch(null)).isEmpty();
    assertThat(Etags.parseIfMatch("*")).isEmpty();
    assertThat(Etags.parseIfMatch("\"7\"")).hasValue("7");
    assertThat(Etags.parseIfMatch("W/\"7\"")).hasValue("W/\"7\"");
    assertThat(Etags.strong("7")).isEqualTo("\"7\"");
  }
}
