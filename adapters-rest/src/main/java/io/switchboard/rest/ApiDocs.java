package io.switchboard.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The dialects' contracts for people and tools: each OpenAPI document at {@code
 * /openapi/{dialect}.json} and a browsable reference at {@code /docs} (Swagger UI from its WebJar,
 * served from this jar: the page loads nothing from another origin). Public, like the vendors' own
 * documentation: no bearer token needed.
 *
 * <p>The documents are written in YAML ({@code src/main/resources/openapi}) and converted once, at
 * start, so a broken document stops the service rather than the first reader.
 */
public final class ApiDocs {
  /** The documents served, by the name in their URL. */
  public static final List<String> DIALECTS = List.of("mindhunters", "voiceos", "agentmessage");

  private static final String WEBJAR = "/META-INF/resources/webjars/swagger-ui/";

  /** The Swagger UI files the page needs; nothing else of the WebJar is reachable. */
  private static final Map<String, String> UI_FILES =
      Map.of(
          "swagger-ui.css", "text/css; charset=utf-8",
          "index.css", "text/css; charset=utf-8",
          "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
          "swagger-ui-standalone-preset.js", "text/javascript; charset=utf-8",
          "favicon-32x32.png", "image/png",
          "favicon-16x16.png", "image/png");

  // Swagger UI sets inline styles and shows inline SVG/data images; scripts and everything else
  // come from here only
  private static final String CSP =
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
          + "object-src 'none'; frame-ancestors 'none'; base-uri 'none'";

  private final Map<String, byte[]> documents = new LinkedHashMap<>();
  private final Map<String, byte[]> uiFiles = new LinkedHashMap<>();
  private final byte[] page;
  private final byte[] initializer;

  public ApiDocs() {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    ObjectMapper json = new ObjectMapper();
    for (String dialect : DIALECTS) {
      try {
        documents.put(
            dialect,
            json.writeValueAsBytes(yaml.readTree(resource("/openapi/" + dialect + ".yaml"))));
      } catch (IOException e) {
        throw new UncheckedIOException("the " + dialect + " OpenAPI document does not parse", e);
      }
    }
    String uiRoot = WEBJAR + swaggerUiVersion() + "/";
    UI_FILES.keySet().forEach(name -> uiFiles.put(name, resource(uiRoot + name)));
    page = resource("/docs/index.html");
    initializer = resource("/docs/docs-init.js");
  }

  public void register(JavalinConfig config) {
    config.routes.get("/openapi/{file}", this::document);
    config.routes.get(
        "/docs",
        ctx -> send(ctx, "text/html; charset=utf-8", page).header("Content-Security-Policy", CSP));
    config.routes.get("/docs/", ctx -> ctx.redirect("/docs"));
    config.routes.get("/docs/{file}", this::uiFile);
  }

  private void document(Context ctx) {
    String file = ctx.pathParam("file");
    byte[] body =
        file.endsWith(".json")
            ? documents.get(file.substring(0, file.length() - ".json".length()))
            : null;
    if (body == null) {
      throw new HttpProblem(
          HttpProblem.Kind.ROUTE_NOT_FOUND, "no such document; try one of " + DIALECTS);
    }
    send(ctx, "application/json", body).header("Access-Control-Allow-Origin", "*");
  }

  private void uiFile(Context ctx) {
    String file = ctx.pathParam("file");
    if (file.equals("docs-init.js")) {
      send(ctx, "text/javascript; charset=utf-8", initializer);
      return;
    }
    byte[] body = uiFiles.get(file);
    if (body == null) {
      throw new HttpProblem(HttpProblem.Kind.ROUTE_NOT_FOUND, "no such file");
    }
    send(ctx, UI_FILES.get(file), body);
  }

  private static Context send(Context ctx, String contentType, byte[] body) {
    return ctx.contentType(contentType)
        .header("X-Content-Type-Options", "nosniff")
        .header("Cache-Control", "public, max-age=300")
        .result(body);
  }

  private static String swaggerUiVersion() {
    Properties pom = new Properties();
    try (InputStream in =
        ApiDocs.class.getResourceAsStream(
            "/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
      if (in == null) {
        throw new IllegalStateException("the Swagger UI WebJar is not on the classpath");
      }
      pom.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pom.getProperty("version");
  }

  private static byte[] resource(String name) {
    try (InputStream in = ApiDocs.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
