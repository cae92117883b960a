package io.switchboard.application;

import io.switchboard.application.admin.BootstrapKeys;
import io.switchboard.application.admin.CreateApiKeyService;
import io.switchboard.application.admin.CreateApiKeyUseCase;
import io.switchboard.application.admin.CreateOrganizationService;
import io.switchboard.application.admin.CreateOrganizationUseCase;
import io.switchboard.application.admin.ListApiKeysService;
import io.switchboard.application.admin.ListApiKeysUseCase;
import io.switchboard.application.admin.RevokeApiKeyService;
import io.switchboard.application.admin.RevokeApiKeyUseCase;
import io.switchboard.application.agent.GetAgentService;
import io.switchboard.application.agent.GetAgentUseCase;
import io.switchboard.application.agent.UpsertAgentService;
import io.switchboard.application.agent.UpsertAgentUseCase;
import io.switchboard.application.audit.ExportChangesService;
import io.switchboard.application.audit.ExportChangesUseCase;
import io.switchboard.application.audit.ListChangesService;
import io.switchboard.application.audit.ListChangesUseCase;
import io.switchboard.application.auth.AuthService;
import io.switchboard.application.auth.AuthenticateUseCase;
import io.switchboard.application.auth.FailedAuthentications;
import io.switchboard.application.auth.RateLimiter;
import io.switchboard.application.binding.BindAgentService;
import io.switchboard.application.binding.BindAgentUseCase;
import io.switchboard.application.binding.BindingWrites;
import io.switchboard.application.binding.ListBindingsService;
import io.switchboard.application.binding.ListBindingsUseCase;
import io.switchboard.application.binding.UnbindAgentService;
import io.switchboard.application.binding.UnbindAgentUseCase;
import io.switchboard.application.common.NumberViews;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.idempotency.IdempotentExecutor;
import io.switchboard.application.inventory.ImportNumbersService;
import io.switchboard.application.inventory.ImportNumbersUseCase;
import io.switchboard.application.inventory.OrderPhoneNumbersService;
import io.switchboard.application.inventory.OrderPhoneNumbersUseCase;
import io.switchboard.application.inventory.PurchasePhoneNumberService;
import io.switchboard.application.inventory.PurchasePhoneNumberUseCase;
import io.switchboard.application.inventory.Purchases;
import io.switchboard.application.inventory.SearchAvailableNumbersService;
import io.switchboard.application.inventory.SearchAvailableNumbersUseCase;
import io.switchboard.application.job.CancelJobService;
import io.switchboard.application.job.CancelJobUseCase;
import io.switchboard.application.job.GetJobService;
import io.switchboard.application.job.GetJobUseCase;
import io.switchboard.application.job.JobLookup;
import io.switchboard.application.job.ListJobItemFailuresService;
import io.switchboard.application.job.ListJobItemFailuresUseCase;
import io.switchboard.application.job.ListJobsService;
import io.switchboard.application.job.ListJobsUseCase;
import io.switchboard.application.job.StartJobService;
import io.switchboard.application.job.StartJobUseCase;
import io.switchboard.application.job.WaitJobService;
import io.switchboard.application.job.WaitJobUseCase;
import io.switchboard.application.keys.ServerKeys;
import io.switchboard.application.number.GetPhoneNumberService;
import io.switchboard.application.number.GetPhoneNumberUseCase;
import io.switchboard.application.number.ListPhoneNumberChangesService;
import io.switchboard.application.number.ListPhoneNumberChangesUseCase;
import io.switchboard.application.number.ListPhoneNumbersService;
import io.switchboard.application.number.ListPhoneNumbersUseCase;
import io.switchboard.application.number.ReleasePhoneNumberService;
import io.switchboard.application.number.ReleasePhoneNumberUseCase;
import io.switchboard.application.number.UpdatePhoneNumberService;
import io.switchboard.application.number.UpdatePhoneNumberUseCase;
import io.switchboard.application.port.Ports;
import io.switchboard.application.port.TokenSigner;
import io.switchboard.application.routing.ChangeWatchService;
import io.switchboard.application.routing.PreviewRoutingService;
import io.switchboard.application.routing.PreviewRoutingUseCase;
import io.switchboard.application.routing.ResolveInboundService;
import io.switchboard.application.routing.ResolveInboundUseCase;
import io.switchboard.application.routing.RouteCache;
import io.switchboard.application.routing.WatchChangesUseCase;
import io.switchboard.application.trunk.AssignTrunkService;
import io.switchboard.application.trunk.AssignTrunkUseCase;
import io.switchboard.application.trunk.DeleteTrunkService;
import io.switchboard.application.trunk.DeleteTrunkUseCase;
import io.switchboard.application.trunk.GetTrunkCredentialsService;
import io.switchboard.application.trunk.GetTrunkCredentialsUseCase;
import io.switchboard.application.trunk.GetTrunkService;
import io.switchboard.application.trunk.GetTrunkUseCase;
import io.switchboard.application.trunk.ListTrunkNumbersService;
import io.switchboard.application.trunk.ListTrunkNumbersUseCase;
import io.switchboard.application.trunk.ListTrunksService;
import io.switchboard.application.trunk.ListTrunksUseCase;
import io.switchboard.application.trunk.RegisterTrunkService;
import io.switchboard.application.trunk.RegisterTrunkUseCase;
import io.switchboard.application.trunk.TrunkLookup;
import io.switchboard.application.trunk.UpdateTrunkService;
import io.switchboard.application.trunk.UpdateTrunkUseCase;
import io.switchboard.application.webhook.CreateWebhookEndpointService;
import io.switchboard.application.webhook.CreateWebhookEndpointUseCase;
import io.switchboard.application.webhook.DeleteWebhookEndpointService;
import io.switchboard.application.webhook.DeleteWebhookEndpointUseCase;
import io.switchboard.application.webhook.GetWebhookEndpointService;
import io.switchboard.application.webhook.GetWebhookEndpointUseCase;
import io.switchboard.application.webhook.ListWebhookDeliveriesService;
import io.switchboard.application.webhook.ListWebhookDeliveriesUseCase;
import io.switchboard.application.webhook.ListWebhookEndpointsService;
import io.switchboard.application.webhook.ListWebhookEndpointsUseCase;
import io.switchboard.application.webhook.ReplayWebhookDeliveryService;
import io.switchboard.application.webhook.ReplayWebhookDeliveryUseCase;
import io.switchboard.application.webhook.RollWebhookSecretService;
import io.switchboard.application.webhook.RollWebhookSecretUseCase;
import io.switchboard.application.webhook.UpdateWebhookEndpointService;
import io.switchboard.application.webhook.UpdateWebhookEndpointUseCase;
import io.switchboard.application.webhook.WebhookEndpointLookup;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.job.JobId;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.routing.OutboundTargetPolicy;
import io.switchboard.domain.trunk.TrunkId;
import io.switchboard.domain.webhook.WebhookEndpointId;
import java.time.Clock;
import java.time.Duration;

/**
 * The one composition of the application: every use case over the given ports, each a service
 * behind its interface, built with plain constructors. The process (bootstrap's wiring), the
 * benchmarks and every test fixture build it here, so the service graph exists once; each adapter
 * picks the interfaces it calls ({@code GrpcAdapter.InboundPorts.of}, {@code
 * RestApi.InboundPorts.of}). The route cache and the watch streams follow the change feed between
 * {@link #start()} and {@link #close()}.
 */
public record UseCaseServices(
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
    PreviewRoutingUseCase previewRouting,
    WatchChangesUseCase watchChanges,
    ListChangesUseCase listChanges,
    ExportChangesUseCase exportChanges,
    Webhooks webhooks,
    Jobs jobs,
    BootstrapKeys bootstrapKeys,
    IdempotentExecutor idempotency,
    TokenSigner tokenSigner,
    Followers followers)
    implements AutoCloseable {

  /** The webhook endpoint use cases (the delivery engine runs apart, see bootstrap). */
  public record Webhooks(
      CreateWebhookEndpointUseCase create,
      GetWebhookEndpointUseCase get,
      ListWebhookEndpointsUseCase list,
      UpdateWebhookEndpointUseCase update,
      DeleteWebhookEndpointUseCase delete,
      RollWebhookSecretUseCase rollSecret,
      ListWebhookDeliveriesUseCase listDeliveries,
      ReplayWebhookDeliveryUseCase replayDelivery) {}

  /** The bulk job use cases (the runner runs apart, see bootstrap). */
  public record Jobs(
      StartJobUseCase start,
      GetJobUseCase get,
      ListJobsUseCase list,
      CancelJobUseCase cancel,
      WaitJobUseCase await,
      ListJobItemFailuresUseCase listFailures) {}

  /** The longest a WaitOperation holds its call open; the client asks again. */
  public static final Duration MAX_JOB_WAIT = Duration.ofSeconds(60);

  /** How often a waiting call looks at the job again. */
  private static final Duration JOB_WAIT_POLL = Duration.ofMillis(100);

  /** How long a rolled-over webhook secret keeps signing next to the new one, unless configured. */
  public static final Duration DEFAULT_WEBHOOK_SECRET_OVERLAP = Duration.ofHours(24);

  /**
   * What one caller may hold open at once.
   *
   * @param watchStreamsPerKey WatchChanges streams per API key
   * @param auditExportsPerOrganization audit exports per organization
   */
  public record StreamLimits(int watchStreamsPerKey, int auditExportsPerOrganization) {
    public static final StreamLimits DEFAULTS =
        new StreamLimits(
            ChangeWatchService.DEFAULT_STREAMS_PER_KEY,
            ExportChangesService.DEFAULT_EXPORTS_PER_ORGANIZATION);
  }

  /** What follows the change feed while the process runs: the route cache and the watch streams. */
  public record Followers(RouteCache routeCache, ChangeWatchService watchStreams) {}

  /** The complete route cache ResolveInbound answers from. */
  public RouteCache routeCache() {
    return followers.routeCache();
  }

  /** Begins following the change feed: the route cache and the WatchChanges streams. */
  public void start() {
    followers.routeCache().start();
    followers.watchStreams().start();
  }

  @Override
  public void close() throws Exception {
    try {
      followers.routeCache().close();
    } finally {
      followers.watchStreams().close();
    }
  }

  public static UseCaseServices create(
      Ports p,
      Clock clock,
      RateLimiter rateLimiter,
      FailedAuthentications failedAuthentications,
      OutboundTargetPolicy outbound,
      ServerKeys keys,
      Duration idempotencyTtl,
      TokenSigner tokenSigner,
      StreamLimits streamLimits) {
    return create(
        p,
        clock,
        rateLimiter,
        failedAuthentications,
        outbound,
        keys,
        idempotencyTtl,
        tokenSigner,
        streamLimits,
        DEFAULT_WEBHOOK_SECRET_OVERLAP);
  }

  /**
   * @param webhookSecretOverlap how long a rolled-over webhook signing secret keeps signing
   */
  public static UseCaseServices create(
      Ports p,
      Clock clock,
      RateLimiter rateLimiter,
      FailedAuthentications failedAuthentications,
      OutboundTargetPolicy outbound,
      ServerKeys keys,
      Duration idempotencyTtl,
      TokenSigner tokenSigner,
      StreamLimits streamLimits,
      Duration webhookSecretOverlap) {
    var steps = new UseCaseSteps(p.transactions(), p.changeFeed(), clock);
    var views = new NumberViews(p.numbers(), p.bindings(), p.agents());
    var bindingWrites = new BindingWrites(p.numbers(), p.bindings(), p.agents(), steps, clock);
    var trunkLookup = new TrunkLookup(p.numbers(), p.trunks(), p.cipher(), views);
    var purchases =
        new Purchases(
            p.inventory(),
            p.numbers(),
            p.trunks(),
            p.organizations(),
            steps,
            PhoneNumberId::random);
    var auth =
        new AuthService(p.apiKeys(), p.transactions(), rateLimiter, clock, failedAuthentications);
    // A key revoked on any replica stops working here as soon as the change feed brings the
    // revocation.
    var routeCache =
        new RouteCache(
            p.routes(),
            p.changeFeed(),
            p.transactions(),
            clock,
            event -> {
              if (event.resourceType() == ResourceType.API_KEY) {
                auth.invalidateCache();
              }
            });
    var watchStreams =
        new ChangeWatchService(p.changeFeed(), p.transactions(), streamLimits.watchStreamsPerKey());
    var endpointLookup = new WebhookEndpointLookup(p.webhookEndpoints());
    var webhooks =
        new Webhooks(
            new CreateWebhookEndpointService(
                p.webhookEndpoints(),
                p.changeFeed(),
                p.cipher(),
                steps,
                clock,
                outbound,
                WebhookEndpointId::random),
            new GetWebhookEndpointService(endpointLookup, steps),
            new ListWebhookEndpointsService(p.webhookEndpoints(), steps),
            new UpdateWebhookEndpointService(
                p.webhookEndpoints(), endpointLookup, steps, clock, outbound),
            new DeleteWebhookEndpointService(p.webhookEndpoints(), endpointLookup, steps),
            new RollWebhookSecretService(
                p.webhookEndpoints(),
                endpointLookup,
                p.cipher(),
                steps,
                clock,
                webhookSecretOverlap),
            new ListWebhookDeliveriesService(p.webhookDeliveries(), endpointLookup, steps),
            new ReplayWebhookDeliveryService(p.webhookDeliveries(), endpointLookup, steps, clock));
    var jobLookup = new JobLookup(p.jobs());
    var jobs =
        new Jobs(
            new StartJobService(p.jobs(), steps, clock, JobId::random),
            new GetJobService(jobLookup, steps),
            new ListJobsService(p.jobs(), steps),
            new CancelJobService(p.jobs(), jobLookup, steps, clock),
            new WaitJobService(jobLookup, steps, clock, MAX_JOB_WAIT, JOB_WAIT_POLL),
            new ListJobItemFailuresService(p.jobs(), jobLookup, steps));
    return new UseCaseServices(
        auth,
        new GetPhoneNumberService(steps, views),
        new ListPhoneNumbersService(p.numbers(), steps, views),
        new UpdatePhoneNumberService(
            p.numbers(), p.bindings(), p.agents(), steps, views, bindingWrites, clock, outbound),
        new ReleasePhoneNumberService(
            p.numbers(), p.bindings(), p.inventory(), steps, views, clock),
        new ListPhoneNumberChangesService(p.changeFeed(), steps, views),
        new PurchasePhoneNumberService(p.inventory(), steps, views, purchases, clock),
        new OrderPhoneNumbersService(
            p.inventory(), p.numbers(), steps, views, purchases, clock, outbound),
        new ImportNumbersService(p.inventory(), steps),
        new SearchAvailableNumbersService(p.inventory(), steps, clock),
        new RegisterTrunkService(
            p.numbers(),
            p.trunks(),
            p.organizations(),
            bindingWrites,
            steps,
            trunkLookup,
            clock,
            PhoneNumberId::random,
            TrunkId::random),
        new GetTrunkService(steps, trunkLookup),
        new ListTrunksService(p.trunks(), steps, trunkLookup),
        new ListTrunkNumbersService(p.numbers(), p.trunks(), steps, views),
        new UpdateTrunkService(p.numbers(), p.trunks(), steps, trunkLookup, clock),
        new AssignTrunkService(p.numbers(), p.bindings(), bindingWrites, steps, trunkLookup),
        new DeleteTrunkService(
            p.numbers(), p.trunks(), p.bindings(), bindingWrites, steps, trunkLookup, clock),
        new GetTrunkCredentialsService(
            p.trunks(), p.organizations(), p.cipher(), steps, trunkLookup),
        new BindAgentService(steps, views, bindingWrites),
        new UnbindAgentService(p.numbers(), p.bindings(), steps, views, bindingWrites),
        new ListBindingsService(p.bindings(), steps, views),
        new UpsertAgentService(p.agents(), steps, clock),
        new GetAgentService(p.agents(), steps),
        new CreateOrganizationService(p.organizations(), steps, clock),
        new CreateApiKeyService(p.organizations(), p.apiKeys(), p.changeFeed(), steps, clock),
        new RevokeApiKeyService(p.apiKeys(), p.changeFeed(), steps, auth, clock),
        new ListApiKeysService(p.apiKeys(), steps),
        new ResolveInboundService(routeCache, clock),
        new PreviewRoutingService(routeCache, clock),
        watchStreams,
        new ListChangesService(p.changeFeed(), steps),
        new ExportChangesService(p.changeFeed(), steps, streamLimits.auditExportsPerOrganization()),
        webhooks,
        jobs,
        new BootstrapKeys(
            p.organizations(), p.apiKeys(), p.changeFeed(), p.transactions(), auth, clock),
        new IdempotentExecutor(
            p.idempotency(),
            p.transactions(),
            clock,
            keys,
            idempotencyTtl,
            p.changeFeed(),
            routeCache::catchUpTo),
        tokenSigner,
        new Followers(routeCache, watchStreams));
  }
}
