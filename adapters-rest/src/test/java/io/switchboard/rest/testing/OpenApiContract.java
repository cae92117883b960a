package io.switchboard.rest.testing;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The one place where REST test responses are checked against the dialects' OpenAPI documents
 * ({@code src/main/resources/openapi/{dialect}.yaml}, the files the service serves at {@code
 * /openapi/{dialect}.json}). Every HTTP client helper of the REST integration tests calls {@link
 * #assertMatches} on each response, so a drift between the code and its document (a status, header
 * or field the document does not list, a missing required one, a wrong type) fails the test that
 * saw it, naming the request and every problem.
 *
 * <p>Requests are not validated: the tests send invalid requests on purpose. A path or method the
 * document does not serve must be answered 404 / 405 in the dialect's error shape.
 */
public final class OpenApiContract {

  /**
   * A dialect's document, its path prefix and the schema its errors outside documented operations
   * must match.
   */
  public enum Document {
    MINDHUNTERS("mindhunters", "/api/v1", "Error"),
    VOICEOS("voiceos", "/phone_numbers", "HTTPError"),
    AGENTMESSAGE("agentmessage", "/v1/phone-numbers", "Error");

    private final String name;
    private final String prefix;
    private final String errorSchema;

    Document(String name, String prefix, String errorSchema) {
      this.name = name;
      this.prefix = prefix;
      this.errorSchema = errorSchema;
    }

    public String fileName() {
      return name;
    }

    /** The document owning a path, as RestApi routes failures: by prefix. */
    public static Optional<Document> owning(String path) {
      for (Document d : values()) {
        if (path.equals(d.prefix) || path.startsWith(d.prefix + "/")) {
          return Optional.of(d);
        }
      }
      return Optional.empty();
    }
  }

  private static final Set<String> UNDOCUMENTED_ROUTE =
      Set.of("validation.request.path.missing", "validation.request.operation.notAllowed");
  private static final Map<Document, Loaded> LOADED = new ConcurrentHashMap<>();

  private OpenApiContract() {}

  private record Loaded(
      OpenApiInteractionValidator validator, OpenAPI api, SchemaValidator schemas) {}

  /**
   * The YAML text of a dialect's document, from the classpath (the same resource the service
   * serves).
   */
  public static String yaml(Document document) {
    String resource = "/openapi/" + document.fileName() + ".yaml";
    try (InputStream in = OpenApiContract.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no OpenAPI document on the classpath at " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Loaded load(Document document) {
    return LOADED.computeIfAbsent(
        document,
        d -> {
          String yaml = yaml(d);
          ParseOptions options = new ParseOptions();
          options.setResolve(true);
          options.setResolveFully(true);
          var parsed = new OpenAPIV3Parser().readContents(yaml, null, options);
          if (parsed.getOpenAPI() == null
              || (parsed.getMessages() != null && !parsed.getMessages().isEmpty())) {
            throw new IllegalStateException(
                "the "
                    + d.fileName()
                    + " OpenAPI document does not parse: "
                    + parsed.getMessages());
          }
          return new Loaded(
              OpenApiInteractionValidator.createForInlineApiSpecification(yaml).build(),
              parsed.getOpenAPI(),
              new SchemaValidator(parsed.getOpenAPI(), new MessageResolver()));
        });
  }

  /**
   * Fails (AssertionError) unless the response matches the document of the dialect owning the path;
   * paths no dialect owns are left alone.
   *
   * @param pathAndQuery the request target as sent, for example {@code /v1/phone-numbers?limit=5}
   */
  public static void assertMatches(
      String method, String pathAndQuery, int status, HttpHeaders headers, String body) {
    String path = URI.create("http://h" + pathAndQuery).getRawPath();
    Optional<Document> owner = Document.owning(path);
    if (owner.isEmpty()) {
      return;
    }
    Loaded loaded = load(owner.get());
    SimpleResponse.Builder response = SimpleResponse.Builder.status(status);
    headers.map().forEach((name, values) -> response.withHeader(name, values));
    headers.firstValue("Content-Type").ifPresent(response::withContentType);
    if (body != null && !body.isEmpty()) {
      response.withBody(body);
    }
    String decodedPath = URI.create("http://h" + path).getPath();
    ValidationReport report =
        loaded
            .validator()
            .validateResponse(
                decodedPath,
                Request.Method.valueOf(method.toUpperCase(Locale.ROOT)),
                response.build());
    if (report.getMessages().stream().anyMatch(m -> UNDOCUMENTED_ROUTE.contains(m.getKey()))) {
      report = undocumentedRoute(loaded, owner.get(), status, body);
    }
    if (report.hasErrors()) {
      throw new AssertionError(
          "the response to "
              + method
              + " "
              + pathAndQuery
              + " ("
              + status
              + ") does not match the "
              + owner.get().fileName()
              + " OpenAPI document:\n"
              + report.getMessages().stream()
                  .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                  .map(m -> "  - " + m.getKey() + ": " + m.getMessage() + contextOf(m))
                  .collect(Collectors.joining("\n"))
              + "\nbody: "
              + body);
    }
  }

  private static ValidationReport undocumentedRoute(
      Loaded loaded, Document document, int status, String body) {
    if (status != 404 && status != 405) {
      return ValidationReport.singleton(
          ValidationReport.Message.create(
                  "contract.route.undocumented",
                  "an undocumented route answered "
                      + status
                      + " (only 404 or 405 may answer there)")
              .build());
    }
    return loaded
        .schemas()
        .validate(
            body == null ? "" : body,
            loaded.api().getComponents().getSchemas().get(document.errorSchema),
            "response.body");
  }

  private static String contextOf(ValidationReport.Message m) {
    return m.getAdditionalInfo().isEmpty() ? "" : " " + List.copyOf(m.getAdditionalInfo());
  }
}
