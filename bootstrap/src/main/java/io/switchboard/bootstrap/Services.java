package io.switchboard.bootstrap;

import io.switchboard.application.admin.BootstrapKeys;
import io.switchboard.application.admin.CreateApiKeyUseCase;
import io.switchboard.application.admin.CreateOrganizationUseCase;
import io.switchboard.application.admin.ListApiKeysUseCase;
import io.switchboard.application.admin.RevokeApiKeyUseCase;
import io.switchboard.application.agent.GetAgentUseCase;
import io.switchboard.application.agent.UpsertAgentUseCase;
import io.switchboard.application.auth.AuthenticateUseCase;
import io.switchboard.application.binding.BindAgentUseCase;
import io.switchboard.application.binding.ListBindingsUseCase;
import io.switchboard.application.binding.UnbindAgentUseCase;
import io.switchboard.application.idempotency.IdempotentExecutor;
import io.switchboard.application.inventory.ImportNumbersUseCase;
import io.switchboard.application.inventory.OrderPhoneNumbersUseCase;
import io.switchboard.application.inventory.PurchasePhoneNumberUseCase;
import io.switchboard.application.inventory.SearchAvailableNumbersUseCase;
import io.switchboard.application.number.GetPhoneNumberUseCase;
import io.switchboard.application.number.ListPhoneNumberChangesUseCase;
import io.switchboard.application.number.ListPhoneNumbersUseCase;
import io.switchboard.application.number.ReleasePhoneNumberUseCase;
import io.switchboard.application.number.UpdatePhoneNumberUseCase;
import io.switchboard.application.port.TokenSigner;
import io.switchboard.application.routing.ChangeWatchService;
import io.switchboard.application.routing.ResolveInboundUseCase;
import io.switchboard.application.routing.RouteCache;
import io.switchboard.application.trunk.AssignTrunkUseCase;
import io.switchboard.application.trunk.DeleteTrunkUseCase;
import io.switchboard.application.trunk.GetTrunkCredentialsUseCase;
import io.switchboard.application.trunk.GetTrunkUseCase;
import io.switchboard.application.trunk.ListTrunkNumbersUseCase;
import io.switchboard.application.trunk.ListTrunksUseCase;
import io.switchboard.application.trunk.RegisterTrunkUseCase;
import io.switchboard.application.trunk.UpdateTrunkUseCase;
import io.switchboard.grpc.GrpcAdapter;
import io.switchboard.rest.RestApi;

/**
 * Every use case of the process, as {@link Wiring} built it: each one a service behind its
 * interface. The adapters get the interfaces they call ({@link #grpc()}, {@link #rest()}); the
 * process itself (and tests and benchmarks that set up data behind the APIs) reaches the rest here:
 * the route cache and the change-feed watchers it starts and stops, the bootstrap key it
 * provisions.
 */
public record Services(
    AuthenticateUseCase authenticate,
    GetPhoneNumberUseCase getPhoneNumber,
    ListPhoneNumbersUseCase listPhoneNumbers,
    UpdatePhoneNumberUseCase updatePhoneNumber,
    ReleasePhoneNumberUseCase releasePhoneNumber,
    ListPhoneNumberChangesUseCase listPhoneNumberChanges,
    PurchasePhoneNumberUseCase purchasePhoneNumber,
    OrderPhoneNumbersUseCase orderPhoneNumbers,
    ImportNumbersUseCase importNumbers,
    SearchAvailableNumbersUseCase searchAvailableNumbers,
    RegisterTrunkUseCase registerTrunk,
    GetTrunkUseCase getTrunk,
    ListTrunksUseCase listTrunks,
    ListTrunkNumbersUseCase listTrunkNumbers,
    UpdateTrunkUseCase updateTrunk,
    AssignTrunkUseCase assignTrunk,
    DeleteTrunkUseCase deleteTrunk,
    GetTrunkCredentialsUseCase getTrunkCredentials,
    BindAgentUseCase bindAgent,
    UnbindAgentUseCase unbindAgent,
    ListBindingsUseCase listBindings,
    UpsertAgentUseCase upsertAgent,
    GetAgentUseCase getAgent,
    CreateOrganizationUseCase createOrganization,
    CreateApiKeyUseCase createApiKey,
    RevokeApiKeyUseCase revokeApiKey,
    ListApiKeysUseCase listApiKeys,
    ResolveInboundUseCase resolveInbound,
    ChangeWatchService watchChanges,
    RouteCache routeCache,
    BootstrapKeys bootstrapKeys,
    IdempotentExecutor idempotency,
    TokenSigner tokenSigner) {

  /** What the gRPC adapter calls. */
  public GrpcAdapter.InboundPorts grpc() {
    return new GrpcAdapter.InboundPorts(
        authenticate,
        getPhoneNumber,
        listPhoneNumbers,
        updatePhoneNumber,
        releasePhoneNumber,
        listPhoneNumberChanges,
        purchasePhoneNumber,
        orderPhoneNumbers,
        importNumbers,
        searchAvailableNumbers,
        registerTrunk,
        getTrunk,
        listTrunks,
        updateTrunk,
        assignTrunk,
        deleteTrunk,
        getTrunkCredentials,
        bindAgent,
        unbindAgent,
        listBindings,
        upsertAgent,
        getAgent,
        createOrganization,
        createApiKey,
        revokeApiKey,
        listApiKeys,
        resolveInbound,
        watchChanges,
        idempotency,
        tokenSigner);
  }

  /** What the REST dialects call. */
  public RestApi.InboundPorts rest() {
    return new RestApi.InboundPorts(
        authenticate,
        getPhoneNumber,
        listPhoneNumbers,
        updatePhoneNumber,
        releasePhoneNumber,
        searchAvailableNumbers,
        purchasePhoneNumber,
        orderPhoneNumbers,
        registerTrunk,
        listTrunkNumbers,
        updateTrunk,
        assignTrunk,
        deleteTrunk,
        bindAgent,
        unbindAgent,
        idempotency,
        tokenSigner);
  }

  /** Begins following the change feed: the route cache and the WatchChanges streams. */
  void start() {
    routeCache.start();
    watchChanges.start();
  }

  void close() throws Exception {
    try {
      routeCache.close();
    } finally {
      watchChanges.close();
    }
  }
}
