package io.switchboard.application;

import io.switchboard.application.admin.BootstrapKeys;
import io.switchboard.application.admin.CreateApiKeyUseCase;
import io.switchboard.application.admin.CreateOrganizationUseCase;
import io.switchboard.application.admin.ListApiKeysUseCase;
import io.switchboard.application.admin.RevokeApiKeyUseCase;
import io.switchboard.application.agent.GetAgentUseCase;
import io.switchboard.application.agent.UpsertAgentUseCase;
import io.switchboard.application.audit.ExportChangesUseCase;
import io.switchboard.application.audit.ListChangesUseCase;
import io.switchboard.application.auth.ApiKeySecrets;
import io.switchboard.application.auth.AuthenticateUseCase;
import io.switchboard.application.auth.FailedAuthentications;
import io.switchboard.application.auth.RateLimiter;
import io.switchboard.application.binding.BindAgentUseCase;
import io.switchboard.application.binding.ListBindingsUseCase;
import io.switchboard.application.binding.UnbindAgentUseCase;
import io.switchboard.application.common.HmacTokenSigner;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.fakes.InMemoryDatabase;
import io.switchboard.application.fakes.InMemoryPorts;
import io.switchboard.application.fakes.InMemorySecretCipher;
import io.switchboard.application.fakes.TestClock;
import io.switchboard.application.idempotency.IdempotentExecutor;
import io.switchboard.application.inventory.ImportNumbersUseCase;
import io.switchboard.application.inventory.OrderPhoneNumbersUseCase;
import io.switchboard.application.inventory.PurchasePhoneNumberUseCase;
import io.switchboard.application.inventory.SearchAvailableNumbersUseCase;
import io.switchboard.application.keys.ServerKeys;
import io.switchboard.application.maintenance.ResealCredentialsService;
import io.switchboard.application.maintenance.ResealCredentialsUseCase;
import io.switchboard.application.maintenance.RetentionService;
import io.switchboard.application.maintenance.RetentionUseCase;
import io.switchboard.application.number.GetPhoneNumberUseCase;
import io.switchboard.application.number.ListPhoneNumberChangesUseCase;
import io.switchboard.application.number.ListPhoneNumbersUseCase;
import io.switchboard.application.number.ReleasePhoneNumberUseCase;
import io.switchboard.application.number.UpdatePhoneNumberUseCase;
import io.switchboard.application.port.Ports;
import io.switchboard.application.port.SecretCipher;
import io.switchboard.application.routing.ResolveInboundUseCase;
import io.switchboard.application.routing.RouteCache;
import io.switchboard.application.routing.WatchChangesUseCase;
import io.switchboard.application.trunk.AssignTrunkUseCase;
import io.switchboard.application.trunk.DeleteTrunkUseCase;
import io.switchboard.application.trunk.GetTrunkCredentialsUseCase;
import io.switchboard.application.trunk.GetTrunkUseCase;
import io.switchboard.application.trunk.ListTrunkNumbersUseCase;
import io.switchboard.application.trunk.ListTrunksUseCase;
import io.switchboard.application.trunk.RegisterTrunkUseCase;
import io.switchboard.application.trunk.UpdateTrunkUseCase;
import io.switchboard.domain.agent.Agent;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.change.SourceApi;
import io.switchboard.domain.common.Money;
import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.inventory.AvailableNumber;
import io.switchboard.domain.number.Capabilities;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.NumberType;
import io.switchboard.domain.org.ApiKeyId;
import io.switchboard.domain.org.Organization;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.org.Principal;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.routing.OutboundTargetPolicy;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application over in-memory ports: the one place where tests build use cases. Tests ask it for
 * the {@code …UseCase} interfaces they call, never for the classes behind them, so they hold
 * however the use cases are implemented. Shortcuts set up tenants (organizations with keys), agents
 * and stock as their users would.
 *
 * <pre>
 * UseCaseFixture app = UseCaseFixture.start();
 * UseCaseFixture.Tenant acme = app.tenant("acme");
 * PhoneNumberView n = acme.buy("+12084439178");
 * app.updatePhoneNumber().update(acme.quickContext(), ...);
 * </pre>
 */
public final class UseCaseFixture implements AutoCloseable {
  private static final byte[] TEST_KEY = new byte[ServerKeys.KEY_BYTES];

  static {
    new SecureRandom().nextBytes(TEST_KEY);
  }

  private static final ServerKeys TEST_KEYS = ServerKeys.of(new ServerKeys.Key("test", TEST_KEY));

  private final TestClock clock = new TestClock();
  private final InMemoryDatabase database = new InMemoryDatabase(clock);
  private final Ports ports;
  private final UseCaseServices useCases;
  private final ResealCredentialsUseCase reseal;
  private final RetentionUseCase retention;
  private final RequestContext operator;
  private final AtomicInteger names = new AtomicInteger();

  private UseCaseFixture(
      SecretCipher cipher,
      Duration changeRetention,
      java.util.function.Function<java.time.Clock, RateLimiter> rateLimiter) {
    this.ports = InMemoryPorts.over(database, cipher);
    this.useCases =
        UseCaseServices.create(
            ports,
            clock,
            rateLimiter.apply(clock),
            FailedAuthentications.off(clock),
            OutboundTargetPolicy.PUBLIC_ONLY,
            TEST_KEYS,
            IdempotentExecutor.RETENTION,
            HmacTokenSigner.of(TEST_KEYS),
            UseCaseServices.StreamLimits.DEFAULTS);
    useCases.start();
    this.reseal =
        new ResealCredentialsService(
            ports.trunks(), ports.webhookEndpoints(), ports.cipher(), ports.transactions());
    this.retention =
        new RetentionService(
            ports.idempotency(),
            ports.changeFeed(),
            ports.webhookEndpoints(),
            ports.transactions(),
            clock,
            changeRetention);
    String operatorSecret =
        ApiKeySecrets.PREFIX
            + java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(ApiKeySecrets.hash("test operator " + System.nanoTime()));
    useCases.bootstrapKeys().ensureBootstrapKey(operatorSecret);
    this.operator =
        RequestContext.of(
            useCases.authenticate().authenticate(operatorSecret),
            RequestId.random(),
            SourceApi.SYSTEM);
  }

  public static UseCaseFixture start() {
    return new UseCaseFixture(
        new InMemorySecretCipher(), Duration.ofDays(30), RateLimiter::unlimited);
  }

  /** With the given per-key rate limit (requests per second, burst). */
  public static UseCaseFixture startRateLimited(double perSecond, double burst) {
    return new UseCaseFixture(
        new InMemorySecretCipher(),
        Duration.ofDays(30),
        clock -> new RateLimiter(perSecond, burst, clock));
  }

  /** With this cipher (to seal under one key and open under another) and change retention. */
  public static UseCaseFixture start(SecretCipher cipher, Duration changeRetention) {
    return new UseCaseFixture(cipher, changeRetention, RateLimiter::unlimited);
  }

  /**
   * The secret keys idempotency fingerprints and page tokens are made under (current key id {@code
   * test}).
   */
  public static ServerKeys keys() {
    return TEST_KEYS;
  }

  public Ports ports() {
    return ports;
  }

  /** The fakes' tables, to check what was stored (or that nothing was). */
  public InMemoryDatabase database() {
    return database;
  }

  /** Every committed change event, oldest first. */
  public List<io.switchboard.domain.change.ChangeEvent> allChanges() {
    return ports.changeFeed().after(0, Integer.MAX_VALUE);
  }

  public TestClock clock() {
    return clock;
  }

  /**
   * A request context with every scope, for platform-level set-up (stock imports, organizations).
   */
  public RequestContext operator() {
    return operator;
  }

  // --- the use cases, as their interfaces ---

  public AuthenticateUseCase authenticate() {
    return useCases.authenticate();
  }

  public CreateOrganizationUseCase createOrganization() {
    return useCases.createOrganization();
  }

  public CreateApiKeyUseCase createApiKey() {
    return useCases.createApiKey();
  }

  public RevokeApiKeyUseCase revokeApiKey() {
    return useCases.revokeApiKey();
  }

  public ListApiKeysUseCase listApiKeys() {
    return useCases.listApiKeys();
  }

  public ListTrunksUseCase listTrunks() {
    return useCases.listTrunks();
  }

  public ListTrunkNumbersUseCase listTrunkNumbers() {
    return useCases.listTrunkNumbers();
  }

  /** Makes and finds the bootstrap keys at start (not a use case of its own). */
  public BootstrapKeys bootstrapKeys() {
    return useCases.bootstrapKeys();
  }

  public GetPhoneNumberUseCase getPhoneNumber() {
    return useCases.getPhoneNumber();
  }

  public ListPhoneNumbersUseCase listPhoneNumbers() {
    return useCases.listPhoneNumbers();
  }

  public UpdatePhoneNumberUseCase updatePhoneNumber() {
    return useCases.updatePhoneNumber();
  }

  public ReleasePhoneNumberUseCase releasePhoneNumber() {
    return useCases.releasePhoneNumber();
  }

  public ListPhoneNumberChangesUseCase listPhoneNumberChanges() {
    return useCases.listPhoneNumberChanges();
  }

  public ListChangesUseCase listChanges() {
    return useCases.listChanges();
  }

  public ExportChangesUseCase exportChanges() {
    return useCases.exportChanges();
  }

  public ImportNumbersUseCase importNumbers() {
    return useCases.importNumbers();
  }

  public UseCaseServices.Jobs jobs() {
    return useCases.jobs();
  }

  public SearchAvailableNumbersUseCase searchAvailableNumbers() {
    return useCases.searchAvailableNumbers();
  }

  public PurchasePhoneNumberUseCase purchasePhoneNumber() {
    return useCases.purchasePhoneNumber();
  }

  public OrderPhoneNumbersUseCase orderPhoneNumbers() {
    return useCases.orderPhoneNumbers();
  }

  public RegisterTrunkUseCase registerTrunk() {
    return useCases.registerTrunk();
  }

  public UpdateTrunkUseCase updateTrunk() {
    return useCases.updateTrunk();
  }

  public GetTrunkUseCase getTrunk() {
    return useCases.getTrunk();
  }

  public DeleteTrunkUseCase deleteTrunk() {
    return useCases.deleteTrunk();
  }

  public AssignTrunkUseCase assignTrunk() {
    return useCases.assignTrunk();
  }

  public GetTrunkCredentialsUseCase trunkCredentials() {
    return useCases.getTrunkCredentials();
  }

  public BindAgentUseCase bindAgent() {
    return useCases.bindAgent();
  }

  public UnbindAgentUseCase unbindAgent() {
    return useCases.unbindAgent();
  }

  public ListBindingsUseCase listBindings() {
    return useCases.listBindings();
  }

  public UpsertAgentUseCase upsertAgent() {
    return useCases.upsertAgent();
  }

  public GetAgentUseCase getAgent() {
    return useCases.getAgent();
  }

  public ResolveInboundUseCase resolveInbound() {
    return useCases.resolveInbound();
  }

  public io.switchboard.application.routing.PreviewRoutingUseCase previewRouting() {
    return useCases.previewRouting();
  }

  public WatchChangesUseCase watchChanges() {
    return useCases.watchChanges();
  }

  /** The webhook endpoint use cases. */
  public UseCaseServices.Webhooks webhooks() {
    return useCases.webhooks();
  }

  public ResealCredentialsUseCase resealCredentials() {
    return reseal;
  }

  public RetentionUseCase retention() {
    return retention;
  }

  /** The shared step that makes mutations idempotent (not a use case of its own). */
  public IdempotentExecutor idempotency() {
    return useCases.idempotency();
  }

  /**
   * The routing cache behind {@link #resolveInbound()}, for tests that wait for it to apply a
   * change.
   */
  public RouteCache routeCache() {
    return useCases.routeCache();
  }

  /**
   * Every use case at once, for the adapters' tests, which hand each adapter the interfaces it
   * calls.
   */
  public UseCaseServices useCases() {
    return useCases;
  }

  // --- set-up shortcuts ---

  /** A new organization (a unique name is derived from {@code name}). */
  public Tenant tenant(String name) {
    return new Tenant(
        createOrganization()
            .createOrganization(operator, name + "-" + names.incrementAndGet(), Optional.empty()));
  }

  /** A new organization with a purchase cap. */
  public Tenant tenant(String name, int purchaseLimit) {
    return new Tenant(
        createOrganization()
            .createOrganization(
                operator, name + "-" + names.incrementAndGet(), Optional.of(purchaseLimit)));
  }

  /** Puts a number in the platform's stock, voice and SMS capable, 1.50 EUR a month. */
  public AvailableNumber stock(String number) {
    return stock(number, NumberType.LOCAL, Capabilities.VOICE_AND_SMS, "1.50");
  }

  public AvailableNumber stock(
      String number, NumberType type, Capabilities capabilities, String monthlyFee) {
    E164 e164 = E164.parse(number);
    Instant now = clock.instant();
    AvailableNumber offer =
        new AvailableNumber(
            e164,
            type,
            capabilities,
            Money.of(monthlyFee, "EUR"),
            e164.country().value(),
            List.of(),
            now,
            now);
    importNumbers().importNumbers(operator, List.of(offer));
    return offer;
  }

  @Override
  public void close() {
    try {
      useCases.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** An organization of the test, with shortcuts that act as its own users would. */
  public final class Tenant {
    private final Organization organization;

    private Tenant(Organization organization) {
      this.organization = organization;
    }

    public Organization organization() {
      return organization;
    }

    public OrganizationId id() {
      return organization.id();
    }

    /**
     * Creates an API key with these scopes (default: numbers read and write) and returns its
     * secret.
     */
    public String apiKey(Scope... scopes) {
      Set<Scope> set =
          scopes.length == 0
              ? EnumSet.of(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE)
              : EnumSet.of(scopes[0], scopes);
      boolean internal = set.stream().anyMatch(Scope::isInternal);
      return createApiKey()
          .createApiKey(
              operator, internal ? operator.organizationId() : organization.id(), "test key", set)
          .secret();
    }

    /** A request context of this organization authenticated with a new key of these scopes. */
    public RequestContext context(Scope... scopes) {
      return RequestContext.of(
          authenticate().authenticate(apiKey(scopes)), RequestId.random(), SourceApi.SYSTEM);
    }

    /**
     * A principal without a stored key (default: every scope), for calls that need no
     * authentication.
     */
    public RequestContext quickContext(Scope... scopes) {
      Set<Scope> set =
          scopes.length == 0 ? EnumSet.allOf(Scope.class) : EnumSet.of(scopes[0], scopes);
      return RequestContext.of(
          new Principal(organization.id(), ApiKeyId.random(), set),
          RequestId.random(),
          SourceApi.SYSTEM);
    }

    public Agent agent(String id, String displayName) {
      return upsertAgent().upsert(quickContext(), new AgentId(id), displayName);
    }

    /** Stocks the number (voice and SMS capable) and buys it for this organization. */
    public PhoneNumberView buy(String number) {
      stock(number);
      return purchasePhoneNumber().purchase(quickContext(), E164.parse(number));
    }

    public PhoneNumberView buy(
        String number, NumberType type, Capabilities capabilities, String monthlyFee) {
      stock(number, type, capabilities, monthlyFee);
      return purchasePhoneNumber().purchase(quickContext(), E164.parse(number));
    }
  }
}
