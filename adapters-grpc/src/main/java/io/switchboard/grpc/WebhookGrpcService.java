package io.switchboard.grpc;

import static io.switchboard.grpc.CommonProtoMapper.at;
import static io.switchboard.grpc.Responses.reply;

import com.google.protobuf.Empty;
import io.grpc.stub.StreamObserver;
import io.switchboard.application.webhook.CreateWebhookEndpointUseCase;
import io.switchboard.application.webhook.DeleteWebhookEndpointUseCase;
import io.switchboard.application.webhook.GetWebhookEndpointUseCase;
import io.switchboard.application.webhook.ListWebhookDeliveriesUseCase;
import io.switchboard.application.webhook.ListWebhookEndpointsUseCase;
import io.switchboard.application.webhook.ReplayWebhookDeliveryUseCase;
import io.switchboard.application.webhook.RollWebhookSecretUseCase;
import io.switchboard.application.webhook.UpdateWebhookEndpointUseCase;
import io.switchboard.domain.webhook.WebhookEndpointId;
import io.switchboard.proto.v1.CreateWebhookEndpointRequest;
import io.switchboard.proto.v1.CreateWebhookEndpointResponse;
import io.switchboard.proto.v1.DeleteWebhookEndpointRequest;
import io.switchboard.proto.v1.GetWebhookEndpointRequest;
import io.switchboard.proto.v1.ListWebhookDeliveriesRequest;
import io.switchboard.proto.v1.ListWebhookDeliveriesResponse;
import io.switchboard.proto.v1.ListWebhookEndpointsRequest;
import io.switchboard.proto.v1.ListWebhookEndpointsResponse;
import io.switchboard.proto.v1.ReplayWebhookDeliveryRequest;
import io.switchboard.proto.v1.RollWebhookSecretRequest;
import io.switchboard.proto.v1.RollWebhookSecretResponse;
import io.switchboard.proto.v1.UpdateWebhookEndpointRequest;
import io.switchboard.proto.v1.WebhookDelivery;
import io.switchboard.proto.v1.WebhookEndpoint;
import io.switchboard.proto.v1.WebhookServiceGrpc;
import java.util.List;
import java.util.Optional;

/** switchboard.v1.WebhookService over the webhook endpoint use cases. */
final class WebhookGrpcService extends WebhookServiceGrpc.WebhookServiceImplBase {
  private static final int DEFAULT_PAGE_SIZE = 50;

  private final CreateWebhookEndpointUseCase create;
  private final GetWebhookEndpointUseCase get;
  private final ListWebhookEndpointsUseCase list;
  private final UpdateWebhookEndpointUseCase update;
  private final DeleteWebhookEndpointUseCase delete;
  private final RollWebhookSecretUseCase rollSecret;
  private final ListWebhookDeliveriesUseCase listDeliveries;
  private final ReplayWebhookDeliveryUseCase replayDelivery;
  private final IdempotentCalls idempotent;
  private final PageTokens pageTokens;

  WebhookGrpcService(
      CreateWebhookEndpointUseCase create,
      GetWebhookEndpointUseCase get,
      ListWebhookEndpointsUseCase list,
      UpdateWebhookEndpointUseCase update,
      DeleteWebhookEndpointUseCase delete,
      RollWebhookSecretUseCase rollSecret,
      ListWebhookDeliveriesUseCase listDeliveries,
      ReplayWebhookDeliveryUseCase replayDelivery,
      IdempotentCalls idempotent,
      PageTokens pageTokens) {
    this.create = create;
    this.get = get;
    this.list = list;
    this.update = update;
    this.delete = delete;
    this.rollSecret = rollSecret;
    this.listDeliveries = listDeliveries;
    this.replayDelivery = replayDelivery;
    this.idempotent = idempotent;
    this.pageTokens = pageTokens;
  }

  @Override
  public void createWebhookEndpoint(
      CreateWebhookEndpointRequest request,
      StreamObserver<CreateWebhookEndpointResponse> observer) {
    var ctx = CallContext.requestContext();
    if (!request.hasWebhookEndpoint()) {
      throw CommonProtoMapper.required("webhook_endpoint");
    }
    var command = WebhookProtoMapper.createCommand(request.getWebhookEndpoint());
    // The secret is shown once: the stored response a retry replays leaves it out, so it never
    // rests in the idempotency records.
    reply(
        observer,
        idempotent.execute(
            ctx,
            IdempotentCalls.NUMBERS_WRITE,
            request,
            CreateWebhookEndpointResponse.parser(),
            r -> r.toBuilder().clearSecret().build(),
            () -> {
              var created = create.create(ctx, command);
              return CreateWebhookEndpointResponse.newBuilder()
                  .setWebhookEndpoint(WebhookProtoMapper.toProto(created.endpoint()))
                  .setSecret(created.secret())
                  .build();
            }));
  }

  @Override
  public void getWebhookEndpoint(
      GetWebhookEndpointRequest request, StreamObserver<WebhookEndpoint> observer) {
    var ctx = CallContext.requestContext();
    WebhookEndpointId id = WebhookProtoMapper.endpointId(request.getId(), "id");
    reply(observer, WebhookProtoMapper.toProto(get.get(ctx, id)));
  }

  @Override
  public void listWebhookEndpoints(
      ListWebhookEndpointsRequest request, StreamObserver<ListWebhookEndpointsResponse> observer) {
    var ctx = CallContext.requestContext();
    int pageSize =
        PhoneNumberListQuery.pageSize(
            request.getPageSize(), DEFAULT_PAGE_SIZE, ListWebhookEndpointsUseCase.MAX_PAGE_SIZE);
    String boundTo = "webhook_endpoints";
    Optional<WebhookEndpointId> after = Optional.empty();
    if (!request.getPageToken().isEmpty()) {
      String id = pageTokens.decode(request.getPageToken(), boundTo, 1).get(0);
      after = Optional.of(at("page_token", () -> WebhookEndpointId.parse(id)));
    }
    var page = list.list(ctx, pageSize, after);
    reply(
        observer,
        ListWebhookEndpointsResponse.newBuilder()
            .addAllWebhookEndpoints(page.items().stream().map(WebhookProtoMapper::toProto).toList())
            .setNextPageToken(
                page.next()
                    .map(id -> pageTokens.encode(boundTo, List.of(id.toString())))
                    .orElse(""))
            .build());
  }

  @Override
  public void updateWebhookEndpoint(
      UpdateWebhookEndpointRequest request, StreamObserver<WebhookEndpoint> observer) {
    var ctx = CallContext.requestContext();
    WebhookEndpointId id =
        WebhookProtoMapper.endpointId(request.getWebhookEndpoint().getId(), "webhook_endpoint.id");
    var patch = WebhookProtoMapper.patch(request);
    reply(
        observer,
        idempotent.execute(
            ctx,
            IdempotentCalls.NUMBERS_WRITE,
            request,
            WebhookEndpoint.parser(),
            () -> WebhookProtoMapper.toProto(update.update(ctx, id, patch))));
  }

  @Override
  public void deleteWebhookEndpoint(
      DeleteWebhookEndpointRequest request, StreamObserver<Empty> observer) {
    var ctx = CallContext.requestContext();
    WebhookEndpointId id = WebhookProtoMapper.endpointId(request.getId(), "id");
    reply(
        observer,
        idempotent.execute(
            ctx,
            IdempotentCalls.NUMBERS_WRITE,
            request,
            Empty.parser(),
            () -> {
              delete.delete(ctx, id);
              return Empty.getDefaultInstance();
            }));
  }

  @Override
  public void rollWebhookSecret(
      RollWebhookSecretRequest request, StreamObserver<RollWebhookSecretResponse> observer) {
    var ctx = CallContext.requestContext();
    WebhookEndpointId id = WebhookProtoMapper.endpointId(request.getId(), "id");
    reply(
        observer,
        idempotent.execute(
            ctx,
            IdempotentCalls.NUMBERS_WRITE,
            request,
            RollWebhookSecretResponse.parser(),
            r -> r.toBuilder().clearSecret().build(),
            () -> {
              var rolled = rollSecret.roll(ctx, id);
              return RollWebhookSecretResponse.newBuilder()
                  .setWebhookEndpoint(WebhookProtoMapper.toProto(rolled.endpoint()))
                  .setSecret(rolled.secret())
                  .build();
            }));
  }

  @Override
  public void listWebhookDeliveries(
      ListWebhookDeliveriesRequest request,
      StreamObserver<ListWebhookDeliveriesResponse> observer) {
    var ctx = CallContext.requestContext();
    WebhookEndpointId id = WebhookProtoMapper.endpointId(request.getEndpointId(), "endpoint_id");
    int pageSize =
        PhoneNumberListQuery.pageSize(
            request.getPageSize(), DEFAULT_PAGE_SIZE, ListWebhookDeliveriesUseCase.MAX_PAGE_SIZE);
    String boundTo = "webhook_deliveries|" + id;
    Optional<Long> before = Optional.empty();
    if (!request.getPageToken().isEmpty()) {
      String revision = pageTokens.decode(request.getPageToken(), boundTo, 1).get(0);
      before = Optional.of(Long.parseLong(revision));
    }
    var page = listDeliveries.list(ctx, id, pageSize, before);
    reply(
        observer,
        ListWebhookDeliveriesResponse.newBuilder()
            .addAllDeliveries(page.items().stream().map(WebhookProtoMapper::toProto).toList())
            .setNextPageToken(
                page.next()
                    .map(revision -> pageTokens.encode(boundTo, List.of(revision.toString())))
                    .orElse(""))
            .build());
  }

  @Override
  public void replayWebhookDelivery(
      ReplayWebhookDeliveryRequest request, StreamObserver<WebhookDelivery> observer) {
    var ctx = CallContext.requestContext();
    WebhookEndpointId id = WebhookProtoMapper.endpointId(request.getEndpointId(), "endpoint_id");
    String delivery = WebhookProtoMapper.deliveryId(request.getDeliveryId(), "delivery_id");
    reply(
        observer,
        idempotent.execute(
            ctx,
            IdempotentCalls.NUMBERS_WRITE,
            request,
            WebhookDelivery.parser(),
            () -> WebhookProtoMapper.toProto(replayDelivery.replay(ctx, id, delivery))));
  }
}
