package io.switchboard.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.switchboard.application.auth.ApiKeySecrets;
import io.switchboard.proto.v1.Agent;
import io.switchboard.proto.v1.AgentServiceGrpc;
import io.switchboard.proto.v1.AvailableNumber;
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
import io.switchboard.proto.v1.RoutingServiceGrpc;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole service as Main starts it, driven through every door at once: a number stocked and
 * bought over gRPC is configured through the three REST dialects, and each change is visible
 * through all the others and in routing.
 */
class CrossApiEndToEndIT {
  private static final String KEY = ApiKeySecrets.generate();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dataDir;

  private static FreshService service;
  private static Switchboard switchboard;
  private static ManagedChannel channel;
  private static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @BeforeAll
  static void start() {
    service = FreshService.start(CrossApiEndToEndIT.class, dataDir, KEY);
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
  void a_change_through_any_door_is_seen_through_every_other() throws Exception {
    String number = "+12084439178";
    String agentId = UUID.randomUUID().toString();

    InventoryServiceGrpc.newBlockingStub(channel)
        .importNumbers(
            ImportNumbersRequest.newBuilder()
                .addNumbers(
                    AvailableNumber.newBuilder()
                        .setNumber(number)
                        .setType(NumberType.NUMBER_TYPE_LOCAL)
                        .setCapabilities(Capabilities.newBuilder().setVoice(true).setSms(true))
                        .setMonthlyFee(Money.newBuilder().setAmount("1.50").setCurrency("EUR")))
                .build());
    PhoneNumber bought =
        PhoneNumberServiceGrpc.newBlockingStub(channel)
            .purchasePhoneNumber(
                PurchasePhoneNumberRequest.newBuilder().setNumber("1 208 443 9178").build());
    AgentServiceGrpc.newBlockingStub(channel)
        .upsertAgent(
            UpsertAgentRequest.newBuilder()
                .setAgent(Agent.newBuilder().setId(agentId).setDisplayName("Front desk"))
                .build());

    HttpResponse<String> mindhunters =
        send(
            "PATCH",
            "/api/v1/phone-numbers/" + bought.getId(),
            "{\"channel_settings\":{\"voice\":{\"channel_limit\":7},\"inbound\":{\"enabled\":true,\"channel_limit\":3}}}");
    assertThat(mindhunters.statusCode()).as(mindhunters.body()).isEqualTo(200);
    HttpResponse<String> agentMessage =
        send(
            "PATCH",
            "/v1/phone-numbers/" + bought.getId(),
            "{\"inbound_url\":\"https://customer.example/v2/inbound\",\"label\":\"Front desk line\"}");
    assertThat(agentMessage.statusCode()).as(agentMessage.body()).isEqualTo(200);
    HttpResponse<String> voiceOs =
        send(
            "PATCH",
            "/phone_numbers/" + URLEncoder.encode(number, StandardCharsets.UTF_8),
            "{\"inbound_agent_id\":\""
                + agentId
                + "\",\"webhooks\":[{\"events\":[\"phone_call:connection_requested\"],"
                + "\"url\":\"https://hooks.example/agent\",\"method\":\"POST\",\"headers\":{},\"filter\":\"\"}]}");
    assertThat(voiceOs.statusCode()).as(voiceOs.body()).isEqualTo(200);

    PhoneNumber viaGrpc =
        PhoneNumberServiceGrpc.newBlockingStub(channel)
            .getPhoneNumber(
                GetPhoneNumberRequest.newBuilder()
                    .setPhoneNumber(PhoneNumberRef.newBuilder().setNumber(number))
                    .build());
    assertThat(viaGrpc.getChannelSettings().getVoice().getChannelLimit()).isEqualTo(7);
    assertThat(viaGrpc.getRouting().getInboundUrl())
        .isEqualTo("https://customer.example/v2/inbound");
    assertThat(viaGrpc.getRouting().getLabel()).isEqualTo("Front desk line");
    assertThat(viaGrpc.getRouting().getInboundAgentId()).isEqualTo(agentId);
    assertThat(viaGrpc.getRouting().getWebhooksList()).hasSize(1);

    JsonNode mhItem =
        json(send("GET", "/api/v1/phone-numbers/" + bought.getId(), null)).path("data");
    assertThat(mhItem.path("channel_settings").path("voice").path("channel_limit").asInt())
        .isEqualTo(7);
    JsonNode amItem = json(send("GET", "/v1/phone-numbers/" + bought.getId(), null)).path("data");
    assertThat(amItem.path("label").asText()).isEqualTo("Front desk line");
    JsonNode voItem =
        json(
            send(
                "GET",
                "/phone_numbers/" + URLEncoder.encode(number, StandardCharsets.UTF_8),
                null));
    assertThat(voItem.path("inbound_agent_id").asText()).isEqualTo(agentId);
    assertThat(voItem.path("webhooks").get(0).path("url").asText())
        .isEqualTo("https://hooks.example/agent");

    ResolveInboundResponse route =
        RoutingServiceGrpc.newBlockingStub(channel)
            .resolveInbound(
                ResolveInboundRequest.newBuilder()
                    .setCalledNumber("+1 (208) 443-9178")
                    .setChannel(Channel.CHANNEL_CALL)
                    .build());
    assertThat(route.getRoutable()).as(route.toString()).isTrue();
    assertThat(route.getChannelLimit()).isEqualTo(3);
    assertThat(route.getInboundUrl()).isEqualTo("https://customer.example/v2/inbound");
  }

  private static HttpResponse<String> send(String method, String path, String body)
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
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
