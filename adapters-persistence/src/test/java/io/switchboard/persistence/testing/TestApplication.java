package io.switchboard.persistence.testing;

import io.switchboard.application.UseCaseServices;
import io.switchboard.application.auth.ApiKeySecrets;
import io.switchboard.application.auth.FailedAuthentications;
import io.switchboard.application.auth.RateLimiter;
import io.switchboard.application.common.HmacTokenSigner;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.idempotency.IdempotentExecutor;
import io.switchboard.application.keys.ServerKeys;
import io.switchboard.domain.agent.Agent;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.change.SourceApi;
import io.switchboard.domain.common.Money;
import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.inventory.AvailableNumber;
import io.switchboard.domain.number.Capabilities;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.NumberType;
import io.switchboard.domain.org.Organization;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.org.Principal;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.routing.OutboundTargetPolicy;
import io.switchboard.persistence.JooqChangeFeed;
import io.switchboard.persistence.JooqPorts;
import io.switchboard.persistence.crypto.AesGcmSecretCipher;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real use cases over a fresh PostgreSQL database, for adapter tests: what the service runs,
 * minus the servers. Offers shortcuts to set up tenants (organizations with API keys), agents and
 * stock. {@link #replica()} starts a second instance on the same database, as a second service
 * replica would be.
 *
 * <pre>
 * static TestApplication app = TestApplication.start(MyIT.class);
 * TestApplication.Tenant acme = app.tenant("acme");
 * String key = acme.apiKey(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE);
 * PhoneNumberView n = acme.buy("+12084439178");
 * </pre>
 */
public final class TestApplication implements AutoCloseable {
  private static final byte[] TEST_KEY = new byte[32];

  /** PostgreSQL keeps microseconds, so does the service's clock. */
  private static final Clock CLOCK =
      Clock.tick(Clock.systemUTC(), java.time.Duration.ofNanos(1_000));

  static {
    new SecureRandom().nextBytes(TEST_KEY);
  }

  /**
   * Every instance of a test JVM (replicas included) shares the keys, as a deployment's replicas
   * do.
   */
  private static final ServerKeys TEST_KEYS = ServerKeys.of(new ServerKeys.Key("test", TEST_KEY));

  private final TestDatabase database;
  private final boolean ownsDatabase;
  private final UseCaseServices useCases;
  private final Clock clock;
  private final RequestContext operator;
  private final AtomicInteger requestCounter = new AtomicInteger();

  private TestApplication(
      TestDatabase database, boolean ownsDatabase, Clock clock, RateLimiter rateLimiter) {
    this.database = database;
    this.ownsDatabase = ownsDatabase;
    this.clock = clock;
    var ports =
        JooqPorts.create(
            database.dataSource(),
            clock,
            JooqChangeFeed.NotificationConnections.of(
                database.jdbcUrl(), database.user(), database.password()),
            AesGcmSecretCipher.of(TEST_KEYS));
    this.useCases =
        UseCaseServices.create(
            ports,
            clock,
            rateLimiter,
            FailedAuthentications.off(clock),
            OutboundTargetPolicy.PUBLIC_ONLY,
            TEST_KEYS,
            IdempotentExecutor.RETENTION,
            HmacTokenSigner.of(TEST_KEYS),
            UseCaseServices.StreamLimits.DEFAULTS);
    useCases.start();
    // the same key for every instance on one database: a different one would revoke the others'
    // (issue 13.8)
    String operatorSecret =
        ApiKeySecrets.PREFIX
            + java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(ApiKeySecrets.hash("test operator of " + database.jdbcUrl()));
    useCases.bootstrapKeys().ensureBootstrapKey(operatorSecret);
    this.operator =
        RequestContext.of(
            useCases.authenticate().authenticate(operatorSecret),
            RequestId.random(),
            SourceApi.SYSTEM);
  }

  /** The secret keys every test application seals and signs with (current key id {@code test}). */
  public static ServerKeys keys() {
    return TEST_KEYS;
  }

  /** A fresh database named after the test class, without rate limits. */
  public static TestApplication start(Class<?> testClass) {
    return new TestApplication(
        TestDatabase.createFresh(testClass), true, CLOCK, RateLimiter.unlimited(CLOCK));
  }

  /** Same, with the given per-key rate limit (requests per second, burst). */
  public static TestApplication startRateLimited(
      Class<?> testClass, double perSecond, double burst) {
    return new TestApplication(
        TestDatabase.createFresh(testClass), true, CLOCK, new RateLimiter(perSecond, burst, CLOCK));
  }

  /**
   * A second instance on the same database (its own caches and change-feed subscription), like a
   * second replica.
   */
  public TestApplication replica() {
    return new TestApplication(database, false, clock, RateLimiter.unlimited(clock));
  }

  public UseCaseServices useCases() {
    return useCases;
  }

  public TestDatabase database() {
    return database;
  }

  public Clock clock() {
    return clock;
  }

  /**
   * A request context with every scope, for platform-level set-up (stock imports, organizations).
   */
  public RequestContext operator() {
    return operator;
  }

  /** A new organization (a unique name is derived from {@code name}). */
  public Tenant tenant(String name) {
    Organization org =
        useCases
            .createOrganization()
            .createOrganization(
                operator,
                name
                    + "-"
                    + Integer.toHexString(requestCounter.incrementAndGet())
                    + "-"
                    + Long.toHexString(System.nanoTime()),
                Optional.empty());
    return new Tenant(org);
  }

  /** A new organization with a purchase cap. */
  public Tenant tenant(String name, int purchaseLimit) {
    Organization org =
        useCases
            .createOrganization()
            .createOrganization(
                operator,
                name + "-" + Long.toHexString(System.nanoTime()),
                Optional.of(purchaseLimit));
    return new Tenant(org);
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
    useCases.importNumbers().importNumbers(operator, List.of(offer));
    return offer;
  }

  @Override
  public void close() {
    try {
      useCases.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      if (ownsDatabase) {
        database.close();
      }
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
     * Creates an API key with these scopes and returns its secret (the bearer token). Internal
     * scopes are held by platform keys only (issue 13.16): a key with one is made in the platform
     * organization, and acts on every one.
     */
    public String apiKey(Scope... scopes) {
      Set<Scope> set =
          scopes.length == 0
              ? EnumSet.of(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE)
              : EnumSet.of(scopes[0], scopes);
      boolean internal = set.stream().anyMatch(Scope::isInternal);
      return useCases
          .createApiKey()
          .createApiKey(
              operator, internal ? operator.organizationId() : organization.id(), "test key", set)
          .secret();
    }

    /**
     * A request context of this organization with these scopes (default: numbers read and write).
     */
    public RequestContext context(Scope... scopes) {
      return RequestContext.of(
          useCases.authenticate().authenticate(apiKey(scopes)),
          RequestId.random(),
          SourceApi.SYSTEM);
    }

    /**
     * A principal without a stored key, for use-case calls that need no authentication round trip.
     */
    public RequestContext quickContext(Scope... scopes) {
      Set<Scope> set =
          scopes.length == 0 ? EnumSet.allOf(Scope.class) : EnumSet.of(scopes[0], scopes);
      return RequestContext.of(
          new Principal(organization.id(), io.switchboard.domain.org.ApiKeyId.random(), set),
          RequestId.random(),
          SourceApi.SYSTEM);
    }

    public Agent agent(String id, String displayName) {
      return useCases.upsertAgent().upsert(quickContext(), new AgentId(id), displayName);
    }

    /** Stocks the number (voice and SMS capable) and buys it for this organization. */
    public PhoneNumberView buy(String number) {
      stock(number);
      return useCases.purchasePhoneNumber().purchase(quickContext(), E164.parse(number));
    }

    public PhoneNumberView buy(
        String number, NumberType type, Capabilities capabilities, String monthlyFee) {
      stock(number, type, capabilities, monthlyFee);
      return useCases.purchasePhoneNumber().purchase(quickContext(), E164.parse(number));
    }
  }

  /** A fee as the stock stores it, for assertions. */
  public static BigDecimal fee(String amount) {
    return new BigDecimal(amount);
  }
}
