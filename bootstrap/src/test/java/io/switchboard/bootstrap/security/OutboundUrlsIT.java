package io.switchboard.bootstrap.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.FieldMask;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.switchboard.domain.org.Scope;
import io.switchboard.proto.v1.PhoneNumber;
import io.switchboard.proto.v1.PhoneNumberServiceGrpc;
import io.switchboard.proto.v1.Routing;
import io.switchboard.proto.v1.UpdatePhoneNumberRequest;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 10 through every door that takes an outbound URL: the example targets are
 * refused with the dialect's validation error (gRPC INVALID_ARGUMENT, VoiceOS 422, AgentMessage
 * 400/422), and nothing is stored.
 */
class OutboundUrlsIT {
  private static final List<String> TARGETS =
      List.of(
          "https://169.254.169.254/latest/meta-data/",
          "https://localhost",
          "https://[::1]",
          "https://10.0.0.1",
          "https://0x7f000001",
          "https://2130706433",
          "https://[::ffff:169.254.169.254]",
          "https://[fd00::1]",
          "https://0.0.0.0",
          "HTTPS://LOCALHOST./",
          "https://metadata.google.internal/x");
  private static final String NUMBER = "+12085550620";

  private static RunningService service;
  private static String key;
  private static String numberId;
  private static int refused;

  @BeforeAll
  static void start() {
    service = RunningService.start(OutboundUrlsIT.class);
    RunningService.Tenant tenant = service.tenant("outbound");
    key = tenant.apiKey(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE);
    numberId = tenant.buy(NUMBER).number().id().toString();
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      System.out.println(
          "RELIABILITY 13.10 outbound URLs: "
              + refused
              + " attempts ("
              + TARGETS.size()
              + " targets x gRPC, VoiceOS, AgentMessage inbound and status URL), "
              + refused
              + " refused, 0 stored");
      service.close();
    }
  }

  @Test
  void grpc_refuses_private_targets() {
    var numbers = PhoneNumberServiceGrpc.newBlockingStub(service.channel(key));
    for (String target : TARGETS) {
      var e =
          catchThrowableOfType(
              StatusRuntimeException.class,
              () ->
                  numbers.updatePhoneNumber(
                      UpdatePhoneNumberRequest.newBuilder()
                          .setPhoneNumber(
                              PhoneNumber.newBuilder()
                                  .setId(numberId)
                                  .setRouting(Routing.newBuilder().setStatusUrl(target)))
                          .setUpdateMask(FieldMask.newBuilder().addPaths("routing.status_url"))
                          .build()));
      assertThat(e).as(target).isNotNull();
      assertThat(e.getStatus().getCode()).as(target).isEqualTo(Status.Code.INVALID_ARGUMENT);
      refused++;
    }
    assertStoredNothing();
  }

  @Test
  void voiceos_refuses_private_webhooks() {
    String path = "/phone_numbers/" + URLEncoder.encode(NUMBER, StandardCharsets.UTF_8);
    for (String target : TARGETS) {
      HttpResponse<String> response =
          service.http(
              "PATCH",
              path,
              key,
              "{\"webhooks\":[{\"events\":[\"phone_call:connection_requested\"],\"url\":\""
                  + target
                  + "\"}]}");
      assertThat(response.statusCode()).as(target + ": " + response.body()).isEqualTo(422);
      refused++;
    }
    assertStoredNothing();
  }

  @Test
  void agentmessage_refuses_private_inbound_and_status_urls() {
    for (String field : List.of("inbound_url", "status_url")) {
      for (String target : TARGETS) {
        HttpResponse<String> response =
            service.http(
                "PATCH",
                "/v1/phone-numbers/" + numberId,
                key,
                "{\"" + field + "\":\"" + target + "\"}");
        assertThat(response.statusCode()).as(target + ": " + response.body()).isIn(400, 422);
        assertThat(response.body()).contains("\"success\":false");
        refused++;
      }
    }
    assertStoredNothing();
  }

  private static void assertStoredNothing() {
    HttpResponse<String> number = service.http("GET", "/v1/phone-numbers/" + numberId, key, null);
    assertThat(number.statusCode()).isEqualTo(200);
    for (String host :
        List.of(
            "169.254",
            "localhost",
            "LOCALHOST",
            "::1",
            "10.0.0.1",
            "0x7f",
            "2130706433",
            "fd00",
            "0.0.0.0",
            ".internal")) {
      assertThat(number.body()).doesNotContain(host);
    }
  }
}
