package io.switchboard.grpc;

import io.grpc.BindableService;
import io.grpc.ServerInterceptor;
import io.switchboard.application.UseCaseServices;
import io.switchboard.application.admin.CreateApiKeyUseCase;
import io.switchboard.application.admin.CreateOrganizationUseCase;
import io.switchboard.application.admin.ListApiKeysUseCase;
import io.switchboard.application.admin.RevokeApiKeyUseCase;
import io.switchboard.application.agent.GetAgentUseCase;
import io.switchboard.application.agent.UpsertAgentUseCase;
import io.switchboard.application.audit.ExportChangesUseCase;
import io.switchboard.application.audit.ListChangesUseCase;
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
import io.switchboard.application.routing.PreviewRoutingUseCase;
import io.switchboard.application.routing.ResolveInboundUseCase;
import io.switchboard.application.routing.WatchChangesUseCase;
import io.switchboard.application.trunk.AssignTrunkUseCase;
import io.switchboard.application.trunk.DeleteTrunkUseCase;
import io.switchboard.application.trunk.GetTrunkCredentialsUseCase;
import io.switchboard.application.trunk.GetTrunkUseCase;
import io.switchboard.application.trunk.ListTrunksUseCase;
import io.switchboard.application.trunk.RegisterTrunkUseCase;
import io.switchboard.application.trunk.UpdateTrunkUseCase;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC adapter: every switchboard.v1 service over the use cases, and the interceptors they
 * need. Add {@link #services()} to a server and install {@link #interceptors()} so that the first
 * one sees a call first (with {@code ServerBuilder.intercept}, which runs the last added first, add
 * them in reverse). Health and reflection services need no API key. {@link #close()} ends the
 * WatchChanges streams (UNAVAILABLE, so watchers resume on another replica) and the ExportChanges
 * streams still running (an error status: the file is incomplete); call it when the server begins
 * shutting down, or the streams hold the drain until its timeout.
 */
public final class GrpcAdapter implements AutoCloseable {

  private final List<BindableService> services;
  private final List<ServerInterceptor> interceptors;
  private final InPlaceCalls inPlaceCalls;
  private final ExecutorService watchExecutor;

  /**
   * The inbound ports this adapter calls, each as its use-case interface (bootstrap's wiring passes
   * the services behind them), and the two cross-cutting pieces it needs: the idempotency wrapper
   * and the page-token signer.
   */
  public record InboundPorts(
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
      PreviewRoutingUseCase previewRouting,
      WatchChangesUseCase watchChanges,
      ListChangesUseCase listChanges,
      ExportChangesUseCase exportChanges,
      UseCaseServices.Webhooks webhooks,
      UseCaseServices.Jobs jobs,
      IdempotentExecutor idempotency,
      TokenSigner tokenSigner) {
    /** The use cases this adapter calls, picked from the application's composition. */
    public static InboundPorts of(UseCaseServices u) {
      return new InboundPorts(
          u.authenticate(),
          u.getPhoneNumber(),
          u.listPhoneNumbers(),
          u.updatePhoneNumber(),
          u.releasePhoneNumber(),
          u.listPhoneNumberChanges(),
          u.purchasePhoneNumber(),
          u.orderPhoneNumbers(),
          u.importNumbers(),
          u.searchAvailableNumbers(),
          u.registerTrunk(),
          u.getTrunk(),
          u.listTrunks(),
          u.updateTrunk(),
          u.assignTrunk(),
          u.deleteTrunk(),
          u.getTrunkCredentials(),
          u.bindAgent(),
          u.unbindAgent(),
          u.listBindings(),
          u.upsertAgent(),
          u.getAgent(),
          u.createOrganization(),
          u.createApiKey(),
          u.revokeApiKey(),
          u.listApiKeys(),
          u.resolveInbound(),
          u.previewRouting(),
          u.watchChanges(),
          u.listChanges(),
          u.exportChanges(),
          u.webhooks(),
          u.jobs(),
          u.idempotency(),
          u.tokenSigner());
    }

    public InboundPorts {
      Objects.requireNonNull(authenticate, "authenticate");
      Objects.requireNonNull(getPhoneNumber, "getPhoneNumber");
      Objects.requireNonNull(listPhoneNumbers, "listPhoneNumbers");
      Objects.requireNonNull(updatePhoneNumber, "updatePhoneNumber");
      Objects.requireNonNull(releasePhoneNumber, "releasePhoneNumber");
      Objects.requireNonNull(listPhoneNumberChanges, "listPhoneNumberChanges");
      Objects.requireNonNull(purchasePhoneNumber, "purchasePhoneNumber");
      Objects.requireNonNull(orderPhoneNumbers, "orderPhoneNumbers");
      Objects.requireNonNull(importNumbers, "importNumbers");
      Objects.requireNonNull(searchAvailableNumbers, "searchAvailableNumbers");
      Objects.requireNonNull(registerTrunk, "registerTrunk");
      Objects.requireNonNull(getTrunk, "getTrunk");
      Objects.requireNonNull(listTrunks, "listTrunks");
      Objects.requireNonNull(updateTrunk, "updateTrunk");
      Objects.requireNonNull(assignTrunk, "assignTrunk");
      Objects.requireNonNull(deleteTrunk, "deleteTrunk");
      Objects.requireNonNull(getTrunkCredentials, "getTrunkCredentials");
      Objects.requireNonNull(bindAgent, "bindAgent");
      Objects.requireNonNull(unbindAgent, "unbindAgent");
      Objects.requireNonNull(listBindings, "listBindings");
      Objects.requireNonNull(upsertAgent, "upsertAgent");
      Objects.requireNonNull(getAgent, "getAgent");
      Objects.requireNonNull(createOrganization, "createOrganization");
      Objects.requireNonNull(createApiKey, "createApiKey");
      Objects.requireNonNull(revokeApiKey, "revokeApiKey");
      Objects.requireNonNull(listApiKeys, "listApiKeys");
      Objects.requireNonNull(resolveInbound, "resolveInbound");
      Objects.requireNonNull(previewRouting, "previewRouting");
      Objects.requireNonNull(watchChanges, "watchChanges");
      Objects.requireNonNull(listChanges, "listChanges");
      Objects.requireNonNull(exportChanges, "exportChanges");
      Objects.requireNonNull(webhooks, "webhooks");
      Objects.requireNonNull(jobs, "jobs");
      Objects.requireNonNull(idempotency, "idempotency");
      Objects.requireNonNull(tokenSigner, "tokenSigner");
    }
  }

  public GrpcAdapter(InboundPorts in, Clock clock) {
    // Watch streams, audit exports and job uploads mostly wait (on the feed, the client, the
    // cursor); a virtual
    // thread each costs next to nothing and never starves the call executor.
    this.watchExecutor =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("grpc-watch-", 0).factory());
    var idempotent = new IdempotentCalls(in.idempotency());
    var pageTokens = new PageTokens(in.tokenSigner());
    this.services =
        List.of(
            new PhoneNumberGrpcService(
                in.getPhoneNumber(),
                in.listPhoneNumbers(),
                in.updatePhoneNumber(),
                in.releasePhoneNumber(),
                in.listPhoneNumberChanges(),
                in.purchasePhoneNumber(),
                in.orderPhoneNumbers(),
                idempotent,
                pageTokens),
            new TrunkGrpcService(
                in.registerTrunk(),
                in.getTrunk(),
                in.listTrunks(),
                in.updateTrunk(),
                in.assignTrunk(),
                in.deleteTrunk(),
                idempotent,
                pageTokens),
            new BindingGrpcService(in.bindAgent(), in.unbindAgent(), in.listBindings(), idempotent),
            new AgentGrpcService(in.upsertAgent(), in.getAgent(), idempotent),
            new InventoryGrpcService(
                in.importNumbers(), in.searchAvailableNumbers(), idempotent, clock),
            new AdminGrpcService(
                in.createOrganization(),
                in.createApiKey(),
                in.revokeApiKey(),
                in.listApiKeys(),
                idempotent),
            new WebhookGrpcService(
                in.webhooks().create(),
                in.webhooks().get(),
                in.webhooks().list(),
                in.webhooks().update(),
                in.webhooks().delete(),
                in.webhooks().rollSecret(),
                in.webhooks().listDeliveries(),
                in.webhooks().replayDelivery(),
                idempotent,
                pageTokens),
            new RoutingGrpcService(
                in.resolveInbound(),
                in.previewRouting(),
                in.getTrunkCredentials(),
                in.watchChanges(),
                watchExecutor),
            new AuditGrpcService(in.listChanges(), in.exportChanges(), pageTokens, watchExecutor),
            new JobGrpcService(
                in.jobs().start(),
                in.jobs().listFailures(),
                new GrpcJobItemCodec(clock),
                pageTokens,
                watchExecutor),
            new OperationsGrpcService(
                in.jobs().get(),
                in.jobs().list(),
                in.jobs().cancel(),
                in.jobs().await(),
                pageTokens));
    this.interceptors =
        List.of(
            new RequestIdInterceptor(),
            new RevisionInterceptor(),
            new DeadlineInterceptor(clock),
            new AuthenticationInterceptor(in.authenticate()),
            new ExceptionMappingInterceptor());
    this.inPlaceCalls = new ResolveInboundInPlace(in.authenticate(), in.resolveInbound());
  }

  public List<BindableService> services() {
    return services;
  }

  /** In call order: the first sees a call first. */
  public List<ServerInterceptor> interceptors() {
    return interceptors;
  }

  /**
   * The calls a server may answer where their request arrived, past the same {@link
   * #interceptors()}: nothing on their path blocks.
   */
  public InPlaceCalls inPlaceCalls() {
    return inPlaceCalls;
  }

  @Override
  public void close() {
    watchExecutor.shutdownNow();
    try {
      watchExecutor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
