package io.switchboard.grpc;

import static io.switchboard.grpc.GrpcTestServer.as;
import static io.switchboard.grpc.GrpcTestServer.badFields;
import static io.switchboard.grpc.GrpcTestServer.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.FieldMask;
import io.grpc.Status.Code;
import io.switchboard.application.UseCaseFixture;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.org.Scope;
import io.switchboard.proto.v1.CreateWebhookEndpointRequest;
import io.switchboard.proto.v1.DeleteWebhookEndpointRequest;
import io.switchboard.proto.v1.GetWebhookEndpointRequest;
import io.switchboard.proto.v1.ListWebhookDeliveriesRequest;
import io.switchboard.proto.v1.ListWebhookEndpointsRequest;
import io.switchboard.proto.v1.RollWebhookSecretRequest;
import io.switchboard.proto.v1.UpdateWebhookEndpointRequest;
import io.switchboard.proto.v1.WebhookEndpoint;
import io.switchboard.proto.v1.WebhookEndpointStatus;
import io.switchboard.proto.v1.WebhookServiceGrpc;
import io.switchboard.proto.v1.WebhookServiceGrpc.WebhookServiceBlockingStub;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** WebhookService through the real interceptors over the fakes, in process. */
class WebhookGrpcInProcessTest {
  private final InProcessGrpc grpc = new InProcessGrpc();
  private final UseCaseFixture app = grpc.app();

  @AfterEach
  void stop() throws Exception {
    grpc.close();
  }

  private WebhookServiceBlockingStub webhooks(String key) {
    return as(WebhookServiceGrpc.newBlockingStub(grpc.channel()), key);
  }

  private static CreateWebhookEndpointRequest create(String url, String... types) {
    return CreateWebhookEndpointRequest.newBuilder()
        .setWebhookEndpoint(
            WebhookEndpoint.newBuilder()
                .setUrl(url)
                .addAllEventTypes(java.util.List.of(types))
                .setDescription("billing")
                .setEnabled(true))
        .build();
  }

  @Test
  void an_endpoint_is_created_with_its_secret_once_then_read_listed_updated_rolled_and_deleted() {
    var acme = app.tenant("acme");
    var stub = webhooks(acme.apiKey(Scope.NUMBERS_WRITE, Scope.NUMBERS_READ));
    String requestId = UUID.randomUUID().toString();

    var created =
        stub.createWebhookEndpoint(
            create("https://hooks.example.com/in", "number.purchased", "binding.bound").toBuilder()
                .setRequestId(requestId)
                .build());
    var replayed =
        stub.createWebhookEndpoint(
            create("https://hooks.example.com/in", "number.purchased", "binding.bound").toBuilder()
                .setRequestId(requestId)
                .build());

    assertThat(created.getSecret()).startsWith("whsec_");
    assertThat(replayed.getSecret()).isEmpty();
    assertThat(replayed.getWebhookEndpoint()).isEqualTo(created.getWebhookEndpoint());
    String id = created.getWebhookEndpoint().getId();
    assertThat(created.getWebhookEndpoint().getStatus())
        .isEqualTo(WebhookEndpointStatus.WEBHOOK_ENDPOINT_STATUS_ACTIVE);
    assertThat(created.getWebhookEndpoint().getEventTypesList())
        .containsExactlyInAnyOrder("number.purchased", "binding.bound");
    assertThat(stub.getWebhookEndpoint(GetWebhookEndpointRequest.newBuilder().setId(id).build()))
        .isEqualTo(created.getWebhookEndpoint());
    assertThat(
            stub.listWebhookEndpoints(ListWebhookEndpointsRequest.getDefaultInstance())
                .getWebhookEndpointsList())
        .extracting(WebhookEndpoint::getId)
        .containsExactly(id);

    var updated =
        stub.updateWebhookEndpoint(
            UpdateWebhookEndpointRequest.newBuilder()
                .setWebhookEndpoint(WebhookEndpoint.newBuilder().setId(id).setEnabled(false))
                .setUpdateMask(FieldMask.newBuilder().addPaths("enabled"))
                .build());
    assertThat(updated.getStatus())
        .isEqualTo(WebhookEndpointStatus.WEBHOOK_ENDPOINT_STATUS_DISABLED);
    assertThat(updated.getUrl()).isEqualTo("https://hooks.example.com/in");

    var rolled = stub.rollWebhookSecret(RollWebhookSecretRequest.newBuilder().setId(id).build());
    assertThat(rolled.getSecret()).startsWith("whsec_").isNotEqualTo(created.getSecret());
    assertThat(rolled.getWebhookEndpoint().hasPreviousSecretExpireTime()).isTrue();
    assertThat(
            stub.listWebhookDeliveries(
                    ListWebhookDeliveriesRequest.newBuilder().setEndpointId(id).build())
                .getDeliveriesList())
        .isEmpty();

    stub.deleteWebhookEndpoint(DeleteWebhookEndpointRequest.newBuilder().setId(id).build());
    failure(
        () -> stub.getWebhookEndpoint(GetWebhookEndpointRequest.newBuilder().setId(id).build()),
        Code.NOT_FOUND,
        Reason.WEBHOOK_ENDPOINT_NOT_FOUND.wire());
  }

  @Test
  void every_bad_field_is_named_and_a_private_target_refused() {
    var acme = app.tenant("acme");
    var stub = webhooks(acme.apiKey(Scope.NUMBERS_WRITE));

    var status =
        failure(
            () -> stub.createWebhookEndpoint(create("http://hooks.example.com", "number.exploded")),
            Code.INVALID_ARGUMENT,
            Reason.INVALID_ARGUMENT.wire());
    assertThat(badFields(status))
        .contains("webhook_endpoint.url", "webhook_endpoint.event_types[0]");
    failure(
        () -> stub.createWebhookEndpoint(create("https://10.1.2.3/hook", "number.updated")),
        Code.INVALID_ARGUMENT,
        Reason.INVALID_ARGUMENT.wire());
    failure(
        () -> stub.createWebhookEndpoint(create("https://hooks.example.com/in")),
        Code.INVALID_ARGUMENT,
        Reason.INVALID_ARGUMENT.wire());
  }

  @Test
  void reading_needs_numbers_read_and_another_organization_sees_nothing() {
    var acme = app.tenant("acme");
    var globex = app.tenant("globex");
    String id =
        webhooks(acme.apiKey(Scope.NUMBERS_WRITE))
            .createWebhookEndpoint(create("https://hooks.example.com/in", "number.updated"))
            .getWebhookEndpoint()
            .getId();

    failure(
        () ->
            webhooks(acme.apiKey(Scope.NUMBERS_WRITE))
                .getWebhookEndpoint(GetWebhookEndpointRequest.newBuilder().setId(id).build()),
        Code.PERMISSION_DENIED,
        Reason.MISSING_SCOPE.wire());
    failure(
        () ->
            webhooks(globex.apiKey(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE))
                .getWebhookEndpoint(GetWebhookEndpointRequest.newBuilder().setId(id).build()),
        Code.NOT_FOUND,
        Reason.WEBHOOK_ENDPOINT_NOT_FOUND.wire());
    failure(
        () ->
            webhooks(globex.apiKey(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE))
                .deleteWebhookEndpoint(DeleteWebhookEndpointRequest.newBuilder().setId(id).build()),
        Code.NOT_FOUND,
        Reason.WEBHOOK_ENDPOINT_NOT_FOUND.wire());
  }
}
