package io.switchboard.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.FieldMask;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.switchboard.application.auth.ApiKeySecrets;
import io.switchboard.proto.v1.Agent;
import io.switchboard.proto.v1.AgentServiceGrpc;
import io.switchboard.proto.v1.AvailableNumber;
import io.switchboard.proto.v1.BindAgentRequest;
import io.switchboard.proto.v1.BindingServiceGrpc;
import io.switchboard.proto.v1.BoundAgent;
import io.switchboard.proto.v1.Capabilities;
import io.switchboard.proto.v1.Channel;
import io.switchboard.proto.v1.GetPhoneNumberRequest;
import io.switchboard.proto.v1.ImportNumbersRequest;
import io.switchboard.proto.v1.InventoryServiceGrpc;
import io.switchboard.proto.v1.Money;
import io.switchboard.proto.v1.NumberType;
import io.switchboard.proto.v1.PhoneNumber;
import io.switchboard.proto.v1.PhoneNumberRef;
import io.switchboard.proto.v1.PhoneNumberServiceGrpc;
import io.switchboard.proto.v1.PurchasePhoneNumberRequest;
import io.switchboard.proto.v1.ResolveInboundRequest;
import io.switchboard.proto.v1.ResolveInboundResponse;
import io.switchboard.proto.v1.Routing;
import io.switchboard.proto.v1.RoutingServiceGrpc;
import io.switchboard.proto.v1.UnbindAgentRequest;
import io.switchboard.proto.v1.UpdatePhoneNumberRequest;
import io.switchboard.proto.v1.UpsertAgentRequest;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, "one answer everywhere": the agent that takes a number's calls is one fact. After each
 * write through any door (VoiceOS inbound_agent_id, Mindhunters agent channels, gRPC bindings and
 * routing.inbound_agent_id, AgentMessage routing), VoiceOS, Mindhunters (item and list), gRPC
 * (routing and bindings) and ResolveInbound, the latter asked with the write's revision token, all
 * name the same agent, or all none. Runs the whole service as Main starts it.
 */
class InboundAgentAgreementIT {
  private static final String KEY = ApiKeySecrets.generate();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger NEXT = new AtomicInteger(100);
  private static final Metadata.Key<String> REVISION =
      Metadata.Key.of("x-switchboard-revision", Metadata.ASCII_STRING_MARSHALLER);

  @TempDir static Path dataDir;

  private static FreshService service;
  private static Switchboard switchboard;
  private static ManagedChannel channel;
  private static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** The revision of the last write, as its door answered it. */
  private static long lastRevision;

  @BeforeAll
  static void start() {
    service = FreshService.start(InboundAgentAgreementIT.class, dataDir, KEY);
    switchboard = service.switchboard();
    channel = service.channel();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void after_every_write_through_any_door_every_door_and_routing_name_the_same_call_agent()
      throws Exception {
    PhoneNumber number = buy(true);
    String a = agent("Alpha");
    String b = agent("Bravo");
    String c = agent("Charlie");
    agree(number, null);

    voiceOsPatch(number, "{\"inbound_agent_id\":\"" + a + "\"}", 200);
    agree(number, a);

    mindhunters("DELETE", "/api/v1/agents/" + a + "/channels/call", null, 200);
    agree(number, null);
    mindhunters(
        "POST",
        "/api/v1/agents/" + b + "/channels/call/provision",
        "{\"phone_number_uuid\":\"" + number.getId() + "\"}",
        200);
    agree(number, b);

    // gRPC routing.inbound_agent_id rebinds the call channel (the most recently assigned agent
    // takes the calls)
    grpcRevision(stub ->
        stub.updatePhoneNumber(
            UpdatePhoneNumberRequest.newBuilder()
                .setPhoneNumber(
                    PhoneNumber.newBuilder()
                        .setId(number.getId())
                        .setRouting(Routing.newBuilder().setInboundAgentId(c)))
                .setUpdateMask(FieldMask.newBuilder().addPaths("routing.inbound_agent_id"))
                .build()));
    agree(number, c);

    grpcBindingRevision(stub ->
        stub.unbindAgent(
            UnbindAgentRequest.newBuilder()
                .setPhoneNumber(PhoneNumberRef.newBuilder().setId(number.getId()))
                .setChannel(Channel.CHANNEL_CALL)
                .build()));
    agree(number, null);
    grpcBindingRevision(stub ->
        stub.bindAgent(
            BindAgentRequest.newBuilder()
                .setPhoneNumber(PhoneNumberRef.newBuilder().setId(number.getId()))
                .setChannel(Channel.CHANNEL_CALL)
                .setAgentId(a)
                .build()));
    agree(number, a);

    // a write of another field through a door that has no agent changes nothing of it
    send("PATCH", "/v1/phone-numbers/" + number.getId(), "{\"label\":\"Reception\"}", 200);
    agree(number, a);

    voiceOsPatch(number, "{\"inbound_agent_id\":null}", 200);
    agree(number, null);
  }

  @Test
  void
      a_voiceos_write_that_collides_with_the_binding_rules_is_refused_in_its_shape_and_changes_nothing()
          throws Exception {
    PhoneNumber first = buy(true);
    PhoneNumber second = buy(true);
    String agent = agent("Reception");
    voiceOsPatch(first, "{\"inbound_agent_id\":\"" + agent + "\"}", 200);

    JsonNode refused =
        voiceOsPatch(
            second,
            "{\"inbound_agent_id\":\""
                + agent
                + "\",\"webhooks\":[{\"events\":"
                + "[\"phone_call:started\"],\"url\":\"https://hooks.example/started\",\"method\":\"POST\",\"headers\":{},"
                + "\"filter\":\"\"}]}",
            409);
    assertThat(refused.path("detail").asText()).contains(agent).contains(first.getNumber());
    JsonNode unchanged = json(send("GET", voiceOsPath(second), null, 200));
    assertThat(unchanged.path("inbound_agent_id").isNull()).isTrue();
    assertThat(unchanged.path("webhooks")).isEmpty();
    agree(first, agent);
    agree(second, null);

    PhoneNumber textOnly = buy(false);
    JsonNode noVoice =
        voiceOsPatch(textOnly, "{\"inbound_agent_id\":\"" + agent("Texts") + "\"}", 409);
    assertThat(noVoice.path("detail").asText()).contains("voice");
    agree(textOnly, null);
  }

  @Test
  void a_number_with_a_call_binding_and_a_connection_webhook_resolves_to_both() throws Exception {
    PhoneNumber number = buy(true);
    String agent = agent("Default");
    voiceOsPatch(
        number,
        "{\"inbound_agent_id\":\""
            + agent
            + "\",\"webhooks\":[{\"events\":"
            + "[\"phone_call:connection_requested\"],\"url\":\"https://hooks.example/agent\",\"method\":\"POST\","
            + "\"headers\":{},\"filter\":\"\"}]}",
        200);
    ResolveInboundResponse route = resolve(number);
    assertThat(route.getRoutable()).isTrue();
    assertThat(route.getAgent().getAgentId()).isEqualTo(agent);
    assertThat(route.getWebhooksList())
        .singleElement()
        .satisfies(w -> assertThat(w.getUrl()).isEqualTo("https://hooks.example/agent"));
    agree(number, agent);
  }

  /**
   * Every door, and routing at the last write's revision, name {@code agent} (null: none) for the
   * number's calls.
   */
  private static void agree(PhoneNumber number, String agent) throws Exception {
    JsonNode voiceOs = json(send("GET", voiceOsPath(number), null, 200));
    JsonNode mhItem =
        json(send("GET", "/api/v1/phone-numbers/" + number.getId(), null, 200)).path("data");
    JsonNode mhListed = null;
    for (JsonNode item :
        json(send("GET", "/api/v1/phone-numbers?per_page=100", null, 200))
            .path("data")
            .path("items")) {
      if (item.path("phone_number_uuid").asText().equals(number.getId())) {
        mhListed = item;
      }
    }
    assertThat(mhListed).as("listed by Mindhunters").isNotNull();
    PhoneNumber grpc =
        PhoneNumberServiceGrpc.newBlockingStub(channel)
            .getPhoneNumber(
                GetPhoneNumberRequest.newBuilder()
                    .setPhoneNumber(PhoneNumberRef.newBuilder().setId(number.getId()))
                    .build());
    String grpcBound =
        grpc.getBindingsList().stream()
            .filter(x -> x.getChannel() == Channel.CHANNEL_CALL)
            .map(BoundAgent::getAgentId)
            .findFirst()
            .orElse(null);
    ResolveInboundResponse route = resolve(number);
    String routed = route.hasAgent() ? route.getAgent().getAgentId() : null;

    assertThat(
            voiceOs.path("inbound_agent_id").isNull()
                ? null
                : voiceOs.path("inbound_agent_id").asText())
        .as("VoiceOS inbound_agent_id")
        .isEqualTo(agent);
    for (JsonNode mh : new JsonNode[] {mhItem, mhListed}) {
      JsonNode call = mh.path("bindings").path("call");
      assertThat(call.path("bound").asBoolean())
          .as("Mindhunters bindings.call.bound")
          .isEqualTo(agent != null);
      assertThat(call.path("agent_uuid").isNull() ? null : call.path("agent_uuid").asText())
          .as("Mindhunters bindings.call.agent_uuid")
          .isEqualTo(agent);
    }
    assertThat(grpc.getRouting().getInboundAgentId())
        .as("gRPC routing.inbound_agent_id")
        .isEqualTo(agent == null ? "" : agent);
    assertThat(grpcBound).as("gRPC bindings").isEqualTo(agent);
    assertThat(routed).as("ResolveInbound agent").isEqualTo(agent);
    assertThat(route.getRevision()).isGreaterThanOrEqualTo(lastRevision);
  }

  private static ResolveInboundResponse resolve(PhoneNumber number) {
    return RoutingServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .resolveInbound(
            ResolveInboundRequest.newBuilder()
                .setCalledNumber(number.getNumber())
                .setChannel(Channel.CHANNEL_CALL)
                .setMinRevision(lastRevision)
                .build());
  }

  private static PhoneNumber buy(boolean voice) {
    String e164 = "+1208555" + String.format("%04d", NEXT.getAndIncrement());
    InventoryServiceGrpc.newBlockingStub(channel)
        .importNumbers(
            ImportNumbersRequest.newBuilder()
                .addNumbers(
                    AvailableNumber.newBuilder()
                        .setNumber(e164)
                        .setType(NumberType.NUMBER_TYPE_LOCAL)
                        .setCapabilities(Capabilities.newBuilder().setVoice(voice).setSms(true))
                        .setMonthlyFee(Money.newBuilder().setAmount("1.50").setCurrency("EUR")))
                .build());
    return grpcRevision(stub ->
        stub.purchasePhoneNumber(PurchasePhoneNumberRequest.newBuilder().setNumber(e164).build()));
  }

  private static String agent(String name) {
    String id = UUID.randomUUID().toString(); // Mindhunters names agents by UUID
    AgentServiceGrpc.newBlockingStub(channel)
        .upsertAgent(
            UpsertAgentRequest.newBuilder()
                .setAgent(Agent.newBuilder().setId(id).setDisplayName(name))
                .build());
    return id;
  }

  private static <T> T grpcRevision(
      java.util.function.Function<PhoneNumberServiceGrpc.PhoneNumberServiceBlockingStub, T> call) {
    AtomicReference<Metadata> headers = new AtomicReference<>();
    T result =
        call.apply(
            PhoneNumberServiceGrpc.newBlockingStub(channel)
                .withInterceptors(
                    MetadataUtils.newCaptureMetadataInterceptor(headers, new AtomicReference<>())));
    noteRevision(headers.get().get(REVISION));
    return result;
  }

  private static <T> T grpcBindingRevision(
      java.util.function.Function<BindingServiceGrpc.BindingServiceBlockingStub, T> call) {
    AtomicReference<Metadata> headers = new AtomicReference<>();
    T result =
        call.apply(
            BindingServiceGrpc.newBlockingStub(channel)
                .withInterceptors(
                    MetadataUtils.newCaptureMetadataInterceptor(headers, new AtomicReference<>())));
    noteRevision(headers.get().get(REVISION));
    return result;
  }

  private static void noteRevision(String header) {
    assertThat(header).as("x-switchboard-revision of a mutation").isNotNull();
    long revision = Long.parseLong(header);
    assertThat(revision).isGreaterThan(lastRevision);
    lastRevision = revision;
  }

  private static String voiceOsPath(PhoneNumber number) {
    return "/phone_numbers/" + URLEncoder.encode(number.getNumber(), StandardCharsets.UTF_8);
  }

  private static JsonNode voiceOsPatch(PhoneNumber number, String body, int status)
      throws Exception {
    return json(send("PATCH", voiceOsPath(number), body, status));
  }

  private static JsonNode mindhunters(String method, String path, String body, int status)
      throws Exception {
    return json(send(method, path, body, status));
  }

  private static HttpResponse<String> send(String method, String path, String body, int status)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + switchboard.httpPort() + path))
            .header("Authorization", "Bearer " + KEY)
            .timeout(Duration.ofSeconds(10));
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as(method + " " + path + ": " + response.body())
        .isEqualTo(status);
    if (!method.equals("GET") && status == 200) {
      noteRevision(response.headers().firstValue("X-Switchboard-Revision").orElse(null));
    }
    return response;
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }
}
