package io.switchboard.grpc;

import static io.switchboard.grpc.Responses.reply;

import io.grpc.stub.StreamObserver;
import io.switchboard.application.admin.CreateApiKeyUseCase;
import io.switchboard.application.admin.CreateOrganizationUseCase;
import io.switchboard.application.admin.ListApiKeysUseCase;
import io.switchboard.application.admin.RevokeApiKeyUseCase;
import io.switchboard.proto.v1.AdminServiceGrpc;
import io.switchboard.proto.v1.ApiKey;
import io.switchboard.proto.v1.CreateApiKeyRequest;
import io.switchboard.proto.v1.CreateApiKeyResponse;
import io.switchboard.proto.v1.CreateOrganizationRequest;
import io.switchboard.proto.v1.ListApiKeysRequest;
import io.switchboard.proto.v1.ListApiKeysResponse;
import io.switchboard.proto.v1.Organization;
import io.switchboard.proto.v1.RevokeApiKeyRequest;
import java.util.Optional;

/** switchboard.v1.AdminService over the operator use cases. */
final class AdminGrpcService extends AdminServiceGrpc.AdminServiceImplBase {

  private final CreateOrganizationUseCase createOrganization;
  private final CreateApiKeyUseCase createApiKey;
  private final RevokeApiKeyUseCase revokeApiKey;
  private final ListApiKeysUseCase listApiKeys;
  private final IdempotentCalls idempotent;

  AdminGrpcService(
      CreateOrganizationUseCase createOrganization,
      CreateApiKeyUseCase createApiKey,
      RevokeApiKeyUseCase revokeApiKey,
      ListApiKeysUseCase listApiKeys,
      IdempotentCalls idempotent) {
    this.createOrganization = createOrganization;
    this.createApiKey = createApiKey;
    this.revokeApiKey = revokeApiKey;
    this.listApiKeys = listApiKeys;
    this.idempotent = idempotent;
  }

  @Override
  public void createOrganization(
      CreateOrganizationRequest request, StreamObserver<Organization> observer) {
    var ctx = CallContext.requestContext();
    Optional<Integer> limit =
        request.hasPurchaseLimit() ? Optional.of(request.getPurchaseLimit()) : Optional.empty();
    reply(
        observer,
        idempotent.execute(
            ctx,
            IdempotentCalls.ADMIN,
            request,
            Organization.parser(),
            () ->
                AdminProtoMapper.toProto(
                    createOrganization.createOrganization(ctx, request.getName(), limit))));
  }

  @Override
  public void createApiKey(
      CreateApiKeyRequest request, StreamObserver<CreateApiKeyResponse> observer) {
    var ctx = CallContext.requestContext();
    var organization =
        AdminProtoMapper.organizationId(request.getOrganizationId(), "organization_id");
    var scopes = AdminProtoMapper.scopes(request.getScopesList());
    // The secret is shown once: the stored response a retry replays leaves it out, so it never
    // rests in the database.
    reply(
        observer,
        idempotent.execute(
            ctx,
            IdempotentCalls.ADMIN,
            request,
            CreateApiKeyResponse.parser(),
            r -> r.toBuilder().clearSecret().build(),
            () -> {
              var created = createApiKey.createApiKey(ctx, organization, request.getName(), scopes);
              return CreateApiKeyResponse.newBuilder()
                  .setApiKey(AdminProtoMapper.toProto(created.key()))
                  .setSecret(created.secret())
                  .build();
            }));
  }

  @Override
  public void revokeApiKey(RevokeApiKeyRequest request, StreamObserver<ApiKey> observer) {
    var ctx = CallContext.requestContext();
    var organization =
        AdminProtoMapper.organizationId(request.getOrganizationId(), "organization_id");
    var key = AdminProtoMapper.apiKeyId(request.getApiKeyId(), "api_key_id");
    reply(
        observer,
        idempotent.execute(
            ctx,
            IdempotentCalls.ADMIN,
            request,
            ApiKey.parser(),
            () -> AdminProtoMapper.toProto(revokeApiKey.revokeApiKey(ctx, organization, key))));
  }

  @Override
  public void listApiKeys(
      ListApiKeysRequest request, StreamObserver<ListApiKeysResponse> observer) {
    var ctx = CallContext.requestContext();
    var organization =
        AdminProtoMapper.organizationId(request.getOrganizationId(), "organization_id");
    reply(
        observer,
        ListApiKeysResponse.newBuilder()
            .addAllApiKeys(
                listApiKeys.listApiKeys(ctx, organization).stream()
                    .map(AdminProtoMapper::toProto)
                    .toList())
            .build());
  }
}
