package io.switchboard.bootstrap.reliability;

import com.google.protobuf.FieldMask;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.switchboard.application.auth.ApiKeySecrets;
import io.switchboard.bootstrap.Config;
import io.switchboard.bootstrap.PrometheusScrape;
import io.switchboard.bootstrap.Switchboard;
import io.switchboard.bootstrap.TestEnvironment;
import io.switchboard.persistence.testing.TestDatabase;
import io.switchboard.proto.v1.Agent;
import io.switchboard.proto.v1.AgentServiceGrpc;
import io.switchboard.proto.v1.AvailableNumber;
import io.switchboard.proto.v1.Capabilities;
import io.switchboard.proto.v1.ChannelSettings;
import io.switchboard.proto.v1.ImportNumbersRequest;
import io.switchboard.proto.v1.InventoryServiceGrpc;
import io.switchboard.proto.v1.Money;
import io.switchboard.proto.v1.NumberType;
import io.switchboard.proto.v1.OutboundChannel;
import io.switchboard.proto.v1.PhoneNumber;
import io.switchboard.proto.v1.PhoneNumberServiceGrpc;
import io.switchboard.proto.v1.PurchasePhoneNumberRequest;
import io.switchboard.proto.v1.UpdatePhoneNumberRequest;
import io.switchboard.proto.v1.UpsertAgentRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The whole service started in this JVM the way {@code Main} starts it (real gRPC on loopback, real
 * HTTP, real PostgreSQL), with a bootstrap API key holding every scope, plus the client plumbing
 * the reliability cases share.
 */
final class ServiceUnderTest implements AutoCloseable {

  /** Where the test's own numbers come from: US numbers of one valid exchange, unique per JVM. */
  private static final AtomicInteger NEXT_NUMBER = new AtomicInteger(1000);

  final String key;
  private final TestDatabase ownedDatabase;
  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final Switchboard switchboard;
  private final ManagedChannel channel;
  private final List<ManagedChannel> extraChannels = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private ServiceUnderTest(
      TestDatabase ownedDatabase,
      String jdbcUrl,
      String user,
      String password,
      Map<String, String> settings)
      throws IOException {
    this.ownedDatabase = ownedDatabase;
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
    // Replicas on one database share the bootstrap key, as a deployment's replicas do: a different
    // one would revoke
    // the others' (issue 13.8). A test may still name its own.
    this.key = settings.getOrDefault(Config.BOOTSTRAP_API_KEY, bootstrapKeyFor(jdbcUrl));
    Map<String, String> environment =
        new HashMap<>(
            Map.of(
                Config.DATABASE_URL,
                jdbcUrl,
                Config.DATABASE_USER,
                user,
                Config.DATABASE_PASSWORD,
                password == null ? "" : password,
                Config.SECRET_KEY,
                Base64.getEncoder().encodeToString(new byte[32]),
                Config.DATA_DIR,
                Files.createTempDirectory("switchboard-reliability").toString(),
                Config.BOOTSTRAP_API_KEY,
                key,
                Config.GRPC_PORT,
                "0",
                Config.HTTP_PORT,
                "0",
                Config.RATE_LIMIT_PER_SECOND,
                "0"));
    environment.putAll(settings);
    this.switchboard =
        Switchboard.start(Config.fromEnvironment(TestEnvironment.withTestDefaults(environment)));
    this.channel = channel(key);
  }

  /** A key of the service's format, the same for every replica started on {@code jdbcUrl}. */
  private static String bootstrapKeyFor(String jdbcUrl) {
    return ApiKeySecrets.PREFIX
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(ApiKeySecrets.hash("reliability bootstrap key of " + jdbcUrl));
  }

  /** The service on a fresh database of the shared test server. */
  static ServiceUnderTest start(Class<?> testClass, Map<String, String> settings)
      throws IOException {
    TestDatabase database = TestDatabase.createFresh(testClass);
    try {
      return new ServiceUnderTest(
          database, database.jdbcUrl(), database.user(), database.password(), settings);
    } catch (IOException | RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /** The service on a database the test controls itself (and may stop and start). */
  static ServiceUnderTest startOn(String jdbcUrl, String user, Map<String, String> settings)
      throws IOException {
    return new ServiceUnderTest(null, jdbcUrl, user, null, settings);
  }

  Switchboard switchboard() {
    return switchboard;
  }

  /**
   * The update most cases drive: set the voice channel limit of a number (optionally guarded by its
   * etag).
   */
  static UpdatePhoneNumberRequest voiceLimitUpdate(String numberId, String etag, int value) {
    return UpdatePhoneNumberRequest.newBuilder()
        .setPhoneNumber(
            PhoneNumber.newBuilder()
                .setId(numberId)
                .setEtag(etag)
                .setChannelSettings(
                    ChannelSettings.newBuilder()
                        .setVoice(OutboundChannel.newBuilder().setChannelLimit(value))))
        .setUpdateMask(FieldMask.newBuilder().addPaths("channel_settings.voice.channel_limit"))
        .build();
  }

  /** A channel that sends the bootstrap key. */
  ManagedChannel channel() {
    return channel;
  }

  /** A new channel sending {@code apiKey}; closed with the service. */
  synchronized ManagedChannel channel(String apiKey) {
    Metadata auth = new Metadata();
    auth.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + apiKey);
    ManagedChannel created =
        Grpc.newChannelBuilderForAddress(
                "127.0.0.1", switchboard.grpcPort(), InsecureChannelCredentials.create())
            .intercept(MetadataUtils.newAttachHeadersInterceptor(auth))
            .build();
    extraChannels.add(created);
    return created;
  }

  PhoneNumberServiceGrpc.PhoneNumberServiceBlockingStub numbers() {
    return PhoneNumberServiceGrpc.newBlockingStub(channel);
  }

  /** Stocks and buys a fresh number over gRPC. */
  PhoneNumber buyNumber() {
    String number = "+1208443" + NEXT_NUMBER.getAndIncrement();
    InventoryServiceGrpc.newBlockingStub(channel)
        .importNumbers(
            ImportNumbersRequest.newBuilder()
                .addNumbers(
                    AvailableNumber.newBuilder()
                        .setNumber(number)
                        .setType(NumberType.NUMBER_TYPE_LOCAL)
                        .setCapabilities(Capabilities.newBuilder().setVoice(true).setSms(true))
                        .setMonthlyFee(Money.newBuilder().setAmount("1.50").setCurrency("USD")))
                .build());
    return numbers()
        .purchasePhoneNumber(PurchasePhoneNumberRequest.newBuilder().setNumber(number).build());
  }

  List<PhoneNumber> buyNumbers(int count) {
    List<PhoneNumber> bought = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      bought.add(buyNumber());
    }
    return bought;
  }

  void upsertAgent(String id) {
    AgentServiceGrpc.newBlockingStub(channel)
        .upsertAgent(
            UpsertAgentRequest.newBuilder()
                .setAgent(Agent.newBuilder().setId(id).setDisplayName("Agent " + id))
                .build());
  }

  /** A GET on the management port ({@code /metrics}, {@code /health/*}). */
  HttpResponse<String> management(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + switchboard.managementPort() + path))
            .timeout(Duration.ofSeconds(20))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> send(String method, String path, String body)
      throws IOException, InterruptedException {
    return send(method, path, body, Map.of(), Duration.ofSeconds(20));
  }

  /** An HTTP call with the bootstrap key unless {@code headers} names another Authorization. */
  HttpResponse<String> send(
      String method, String path, String body, Map<String, String> headers, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + switchboard.httpPort() + path))
            .timeout(timeout);
    if (!headers.containsKey("Authorization")) {
      request.header("Authorization", "Bearer " + key);
    }
    headers.forEach(request::header);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * The Prometheus text the service exports (the one place that knows where metrics are served).
   */
  String metrics() throws IOException, InterruptedException {
    HttpResponse<String> response = management("/metrics");
    if (response.statusCode() != 200) {
      throw new IllegalStateException("/metrics answered " + response.statusCode());
    }
    return response.body();
  }

  /**
   * The value of one Prometheus sample (name with its labels as exported), or -1 when the service
   * does not export it.
   */
  static double sample(String metrics, String series) {
    return new PrometheusScrape(metrics).value(series);
  }

  /** A connection to the service's database outside its pool. */
  Connection openJdbc() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, user, password);
  }

  static void figure(String caseName, String text) {
    System.out.println("RELIABILITY " + caseName + ": " + text);
  }

  @Override
  public void close() {
    for (ManagedChannel c : extraChannels) {
      c.shutdownNow();
    }
    for (ManagedChannel c : extraChannels) {
      try {
        c.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    switchboard.shutdown();
    if (ownedDatabase != null) {
      ownedDatabase.close();
    }
  }
}
