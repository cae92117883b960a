package io.switchboard.bootstrap.security;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.switchboard.application.UseCaseServices;
import io.switchboard.application.auth.ApiKeySecrets;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;
import io.switchboard.bootstrap.Config;
import io.switchboard.bootstrap.Switchboard;
import io.switchboard.bootstrap.TestEnvironment;
import io.switchboard.domain.change.SourceApi;
import io.switchboard.domain.common.Money;
import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.inventory.AvailableNumber;
import io.switchboard.domain.number.Capabilities;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.NumberType;
import io.switchboard.domain.org.Organization;
import io.switchboard.domain.org.Principal;
import io.switchboard.domain.org.Scope;
import io.switchboard.persistence.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The whole service as Main starts it (gRPC and HTTP on loopback ports, a fresh PostgreSQL
 * database), for the security and hostile-input suites: an HTTP client, one gRPC channel per API
 * key, and in-process shortcuts to set up tenants. Rate limiting is off: these suites send
 * thousands of requests with one key.
 */
final class RunningService implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final TestDatabase database;
  private final Path dataDir;
  private final Switchboard switchboard;
  private final String operatorKey;
  private final RequestContext operator;
  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

  private RunningService(Class<?> testClass) {
    try {
      this.dataDir = Files.createTempDirectory("switchboard-security");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.database = TestDatabase.createFresh(testClass);
    this.operatorKey = ApiKeySecrets.generate();
    this.switchboard =
        Switchboard.start(
            Config.fromEnvironment(
                TestEnvironment.withTestDefaults(
                    Map.of(
                        Config.DATABASE_URL,
                        database.jdbcUrl(),
                        Config.DATABASE_USER,
                        database.user(),
                        Config.DATABASE_PASSWORD,
                        database.password() == null ? "" : database.password(),
                        Config.SECRET_KEY,
                        Base64.getEncoder().encodeToString(new byte[32]),
                        Config.DATA_DIR,
                        dataDir.toString(),
                        Config.BOOTSTRAP_API_KEY,
                        operatorKey,
                        Config.RATE_LIMIT_PER_SECOND,
                        "0",
                        // these suites send many bad keys from one address on purpose;
                        // AuthenticationUnderAttackIT measures the wait
                        Config.AUTH_FAILURE_DELAY_MILLIS,
                        "0",
                        Config.GRPC_PORT,
                        "0",
                        Config.HTTP_PORT,
                        "0"))));
    this.operator =
        RequestContext.of(
            useCases().authenticate().authenticate(operatorKey),
            RequestId.random(),
            SourceApi.SYSTEM);
  }

  static RunningService start(Class<?> testClass) {
    return new RunningService(testClass);
  }

  UseCaseServices useCases() {
    return switchboard.services();
  }

  TestDatabase database() {
    return database;
  }

  /** The bootstrap key: every scope, organization "default". */
  String operatorKey() {
    return operatorKey;
  }

  RequestContext operator() {
    return operator;
  }

  int httpPort() {
    return switchboard.httpPort();
  }

  /**
   * A channel that sends {@code authorization: Bearer <key>} on every call (none when key is null).
   */
  ManagedChannel channel(String key) {
    return channels.computeIfAbsent(
        key == null ? "" : key,
        k -> {
          var builder =
              Grpc.newChannelBuilderForAddress(
                  "127.0.0.1", switchboard.grpcPort(), InsecureChannelCredentials.create());
          if (!k.isEmpty()) {
            builder.intercept(
                MetadataUtils.newAttachHeadersInterceptor(authorization("Bearer " + k)));
          }
          return builder.build();
        });
  }

  /** A channel sending this exact authorization header value (for malformed headers). */
  ManagedChannel channelWithAuthorization(String headerValue) {
    return channels.computeIfAbsent(
        "raw:" + headerValue,
        k ->
            Grpc.newChannelBuilderForAddress(
                    "127.0.0.1", switchboard.grpcPort(), InsecureChannelCredentials.create())
                .intercept(MetadataUtils.newAttachHeadersInterceptor(authorization(headerValue)))
                .build());
  }

  private static Metadata authorization(String value) {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), value);
    return headers;
  }

  /** Sends a request with {@code Authorization: Bearer <key>} (none when key is null). */
  /** A GET on the management port ({@code /metrics}, {@code /health/*}). */
  HttpResponse<String> management(String path) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + switchboard.managementPort() + path))
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> http(String method, String pathAndQuery, String key, String body) {
    return http(
        method,
        pathAndQuery,
        key == null ? Map.of() : Map.of("Authorization", "Bearer " + key),
        body);
  }

  HttpResponse<String> http(
      String method, String pathAndQuery, Map<String, String> headers, String body) {
    return send(
        method,
        pathAndQuery,
        headers,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body),
        body != null);
  }

  /** Sends these bytes as an application/json body. */
  HttpResponse<String> httpBytes(String method, String pathAndQuery, String key, byte[] body) {
    return send(
        method,
        pathAndQuery,
        key == null ? Map.of() : Map.of("Authorization", "Bearer " + key),
        HttpRequest.BodyPublishers.ofByteArray(body),
        true);
  }

  HttpResponse<String> send(
      String method,
      String pathAndQuery,
      Map<String, String> headers,
      HttpRequest.BodyPublisher body,
      boolean json) {
    return send(method, pathAndQuery, headers, body, json, false);
  }

  /**
   * With {@code expectContinue} the client sends the headers with {@code Expect: 100-continue} and
   * the body only once the server asks for it, as well-behaved clients of large uploads do.
   */
  HttpResponse<String> send(
      String method,
      String pathAndQuery,
      Map<String, String> headers,
      HttpRequest.BodyPublisher body,
      boolean json,
      boolean expectContinue) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + pathAndQuery))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "application/json");
    headers.forEach(request::header);
    if (json) {
      request.header("Content-Type", "application/json");
    }
    request.method(method, body).expectContinue(expectContinue);
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A new organization with a unique name. */
  Tenant tenant(String name) {
    Organization org =
        useCases()
            .createOrganization()
            .createOrganization(
                operator,
                name + "-" + UUID.randomUUID().toString().substring(0, 8),
                Optional.empty());
    return new Tenant(org);
  }

  /** Puts a voice and SMS capable local number in stock. */
  void stock(String number) {
    E164 e164 = E164.parse(number);
    Instant now = Instant.now();
    useCases()
        .importNumbers()
        .importNumbers(
            operator,
            List.of(
                new AvailableNumber(
                    e164,
                    NumberType.LOCAL,
                    Capabilities.VOICE_AND_SMS,
                    Money.of("1.50", "EUR"),
                    e164.country().value(),
                    List.of(),
                    now,
                    now)));
  }

  @Override
  public void close() {
    channels
        .values()
        .forEach(c -> {
          c.shutdownNow();
          try {
            c.awaitTermination(5, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    try {
      switchboard.shutdown();
    } finally {
      database.close();
      deleteQuietly(dataDir);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp directory left behind is harmless
    }
  }

  /** An organization of the test, acting in-process as its own users would. */
  final class Tenant {
    private final Organization organization;

    private Tenant(Organization organization) {
      this.organization = organization;
    }

    Organization organization() {
      return organization;
    }

    String id() {
      return organization.id().toString();
    }

    /**
     * A stored API key with these scopes; returns its secret. Internal scopes are held by platform
     * keys only (issue 13.16): a key with one is made in the platform organization, where it acts
     * on every organization.
     */
    String apiKey(Scope first, Scope... more) {
      EnumSet<Scope> scopes = EnumSet.of(first, more);
      boolean internal = scopes.stream().anyMatch(Scope::isInternal);
      return useCases()
          .createApiKey()
          .createApiKey(
              operator,
              internal ? operator.organizationId() : organization.id(),
              "test key",
              scopes)
          .secret();
    }

    /**
     * A stored API key of this organization with every tenant scope except these; returns its
     * secret.
     */
    String apiKeyWithout(Set<Scope> excluded) {
      EnumSet<Scope> scopes = EnumSet.allOf(Scope.class);
      scopes.removeAll(excluded);
      scopes.removeIf(Scope::isInternal);
      return useCases()
          .createApiKey()
          .createApiKey(operator, organization.id(), "test key", scopes)
          .secret();
    }

    /** An in-process context of this organization with every scope, for set-up. */
    RequestContext context() {
      return RequestContext.of(
          new Principal(
              organization.id(),
              io.switchboard.domain.org.ApiKeyId.random(),
              EnumSet.allOf(Scope.class)),
          RequestId.random(),
          SourceApi.SYSTEM);
    }

    PhoneNumberView buy(String number) {
      stock(number);
      return useCases().purchasePhoneNumber().purchase(context(), E164.parse(number));
    }
  }
}
