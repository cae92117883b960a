package io.switchboard.bootstrap.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.FieldMask;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.switchboard.domain.org.Scope;
import io.switchboard.proto.v1.AdminServiceGrpc;
import io.switchboard.proto.v1.CreateOrganizationRequest;
import io.switchboard.proto.v1.PhoneNumber;
import io.switchboard.proto.v1.PhoneNumberServiceGrpc;
import io.switchboard.proto.v1.Routing;
import io.switchboard.proto.v1.UpdatePhoneNumberRequest;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 9: a key without the scope a mutation needs resends another key's {@code
 * request_id} / {@code Idempotency-Key} with the same request. Before the fix each door replayed
 * the stored success (and its body) to it; now the scope is checked before the replay is looked up,
 * in every door.
 */
class ScopesBeforeReplaysIT {
  private static RunningService service;
  private static RunningService.Tenant tenant;
  private static String writer;
  private static String reader;
  private static String numberId;
  private static final String NUMBER = "+12085550610";
  private static int refused;

  @BeforeAll
  static void start() {
    service = RunningService.start(ScopesBeforeReplaysIT.class);
    tenant = service.tenant("replays");
    writer = tenant.apiKey(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE);
    reader = tenant.apiKey(Scope.NUMBERS_READ);
    numberId = tenant.buy(NUMBER).number().id().toString();
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      System.out.println(
          "RELIABILITY 13.9 scopes before replays: "
              + refused
              + " replays of another key's idempotency key by a key without the scope, "
              + refused
              + " refused, 0 replayed");
      service.close();
    }
  }

  @Test
  void grpc_request_id_of_a_writer_is_not_replayed_to_a_read_only_key() {
    String requestId = UUID.randomUUID().toString();
    UpdatePhoneNumberRequest update =
        UpdatePhoneNumberRequest.newBuilder()
            .setPhoneNumber(
                PhoneNumber.newBuilder()
                    .setId(numberId)
                    .setRouting(Routing.newBuilder().setLabel("grpc label")))
            .setUpdateMask(FieldMask.newBuilder().addPaths("routing.label"))
            .setRequestId(requestId)
            .build();
    PhoneNumberServiceGrpc.newBlockingStub(service.channel(writer)).updatePhoneNumber(update);

    var e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                PhoneNumberServiceGrpc.newBlockingStub(service.channel(reader))
                    .updatePhoneNumber(update));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    refused++;
  }

  @Test
  void grpc_admin_request_id_is_not_replayed_to_a_tenant_key() {
    String requestId = UUID.randomUUID().toString();
    var create =
        CreateOrganizationRequest.newBuilder()
            .setName("replayed-" + requestId)
            .setRequestId(requestId)
            .build();
    AdminServiceGrpc.newBlockingStub(service.channel(service.operatorKey()))
        .createOrganization(create);

    var e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                AdminServiceGrpc.newBlockingStub(service.channel(writer))
                    .createOrganization(create));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    refused++;
  }

  @Test
  void mindhunters_idempotency_key_is_not_replayed_to_a_read_only_key() {
    replayRefused(
        "PATCH",
        "/api/v1/phone-numbers/" + numberId,
        "{\"channel_settings\":{\"voice\":{\"channel_limit\":3}}}");
  }

  @Test
  void voiceos_idempotency_key_is_not_replayed_to_a_read_only_key() {
    replayRefused(
        "PATCH",
        "/phone_numbers/" + URLEncoder.encode(NUMBER, StandardCharsets.UTF_8),
        "{\"webhooks\":[]}");
  }

  @Test
  void agentmessage_idempotency_key_is_not_replayed_to_a_read_only_key() {
    replayRefused("PATCH", "/v1/phone-numbers/" + numberId, "{\"label\":\"agentmessage label\"}");
  }

  private static void replayRefused(String method, String path, String body) {
    String key = UUID.randomUUID().toString();
    HttpResponse<String> first =
        service.http(
            method,
            path,
            Map.of("Authorization", "Bearer " + writer, "Idempotency-Key", key),
            body);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);

    HttpResponse<String> replay =
        service.http(
            method,
            path,
            Map.of("Authorization", "Bearer " + reader, "Idempotency-Key", key),
            body);
    assertThat(replay.statusCode()).as(replay.body()).isEqualTo(403);
    assertThat(replay.body()).doesNotContain(numberId);
    refused++;
  }
}
