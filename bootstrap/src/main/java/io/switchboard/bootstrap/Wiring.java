package io.switchboard.bootstrap;

import io.grpc.BindableService;
import io.grpc.ServerInterceptor;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.javalin.config.JavalinConfig;
import io.switchboard.application.UseCaseServices;
import io.switchboard.application.admin.BootstrapKeys;
import io.switchboard.application.auth.ApiKeySecrets;
import io.switchboard.application.auth.FailedAuthentications;
import io.switchboard.application.auth.RateLimiter;
import io.switchboard.application.common.HmacTokenSigner;
import io.switchboard.application.job.JobRunner;
import io.switchboard.application.keys.ServerKeys;
import io.switchboard.application.maintenance.ResealCredentialsService;
import io.switchboard.application.maintenance.ResealCredentialsUseCase;
import io.switchboard.application.maintenance.RetentionService;
import io.switchboard.application.maintenance.RetentionUseCase;
import io.switchboard.application.port.Ports;
import io.switchboard.application.webhook.WebhookDeliveryEngine;
import io.switchboard.domain.routing.OutboundTargetPolicy;
import io.switchboard.domain.webhook.WebhookRetryPolicy;
import io.switchboard.grpc.GrpcAdapter;
import io.switchboard.grpc.GrpcJobItemCodec;
import io.switchboard.grpc.InPlaceCalls;
import io.switchboard.persistence.JooqPorts;
import io.switchboard.persistence.crypto.AesGcmSecretCipher;
import io.switchboard.rest.RestApi;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where adapters meet use cases: every gRPC service, interceptor and HTTP route of
 * the process is assembled here with plain constructors.
 */
final class Wiring {

  private static final Logger log = LoggerFactory.getLogger(Wiring.class);
  static final String ROUTING_SERVICE = "switchboard.v1.RoutingService";

  /**
   * How long startup waits for the route cache to follow the change feed before opening the
   * listeners anyway.
   */
  static final Duration ROUTING_READY_WAIT = Duration.ofSeconds(10);

  private final Config config;
  private final DataSource dataSource;
  private final SecretKeyMaterial secretKey;
  private final Metrics metrics;
  private final Telemetry telemetry;
  private final GrpcTelemetry grpcTelemetry;
  private final HealthStatusManager grpcHealth;
  private final Clock clock;
  private final UseCaseServices services;
  private final Ports ports;
  private final GrpcAdapter grpcAdapter;
  private final ServerKeys keys;
  private final ResealCredentialsUseCase reseal;
  private final RetentionUseCase retention;
  private final HttpWebhookSender webhookSender;
  private final WebhookDeliveryEngine webhookEngine;
  private final JobRunner jobRunner;

  Wiring(
      Config config,
      Database database,
      SecretKeyMaterial secretKey,
      Metrics metrics,
      Telemetry telemetry,
      HealthStatusManager grpcHealth,
      Clock clock) {
    this.config = config;
    this.dataSource = database.dataSource();
    this.secretKey = secretKey;
    this.metrics = metrics;
    this.telemetry = telemetry;
    this.grpcHealth = grpcHealth;
    this.clock = clock;
    this.keys = serverKeys(secretKey, config.dataAtRest().previousSecretKeys());
    this.ports =
        JooqPorts.create(
            dataSource, clock, database.notificationConnections(), AesGcmSecretCipher.of(keys));
    // bursts of up to two seconds' worth of requests pass; a sustained excess is refused per key,
    // in each class
    int internalRate = config.access().internalRateLimitPerSecond();
    RateLimiter rateLimiter =
        new RateLimiter(
            config.rateLimitPerSecond(),
            2.0 * config.rateLimitPerSecond(),
            internalRate,
            2.0 * internalRate,
            clock);
    FailedAuthentications failedAuthentications =
        new FailedAuthentications(
            config.access().authFailureMaxDelay(),
            new AuthFailureMetrics(metrics.registry()),
            clock);
    OutboundTargetPolicy outbound =
        OutboundTargetPolicy.of(config.access().outboundAllowPrivateTargets());
    if (outbound.allowsPrivateTargets()) {
      log.warn(
          "{}=true: outbound URLs may name loopback, private and link-local hosts. This is for tests only;"
              + " never set it in production",
          Config.OUTBOUND_ALLOW_PRIVATE_TARGETS);
    }
    // page tokens and cursors are signed under keys derived from the secret keys (current and
    // previous), so every
    // replica accepts them, also mid-rotation
    this.services =
        UseCaseServices.create(
            ports,
            clock,
            rateLimiter,
            failedAuthentications,
            outbound,
            keys,
            config.dataAtRest().idempotencyTtl(),
            HmacTokenSigner.of(keys),
            new UseCaseServices.StreamLimits(
                config.streams().watchStreamsPerKey(),
                config.streams().auditExportsPerOrganization()),
            config.webhooks().secretOverlap());
    services.start();
    // the feed's subscription connects, loads every route (about 1 s per 100,000 numbers) and
    // catches up; a replica
    // whose listeners open is then ready. If not within the bound, it starts anyway and reports not
    // ready (routing
    // NOT_SERVING, /health/ready 503) until the cache holds every route and follows
    if (!services.routeCache().awaitFollowing(ROUTING_READY_WAIT)) {
      log.warn(
          "The route cache does not follow the change feed after {} s: not ready until it does",
          ROUTING_READY_WAIT.toSeconds());
    }
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
            config.dataAtRest().changeRetention());
    this.webhookSender =
        new HttpWebhookSender(
            config.webhooks().timeout(),
            outbound.allowsPrivateTargets(),
            config.webhooks().trustCaFile());
    this.webhookEngine =
        new WebhookDeliveryEngine(
            ports.webhookEndpoints(),
            ports.webhookDeliveries(),
            ports.changeFeed(),
            ports.cipher(),
            ports.transactions(),
            webhookSender,
            outbound,
            new WebhookMetrics(metrics.registry()),
            clock,
            new WebhookDeliveryEngine.Settings(
                new WebhookRetryPolicy(
                    config.webhooks().retryWindow(),
                    config.webhooks().backoffBase(),
                    config.webhooks().backoffMax()),
                config.webhooks().pollInterval(),
                config.webhooks().lease(),
                100),
            replicaName(),
            new SecureRandom());
    webhookEngine.start();
    this.jobRunner =
        new JobRunner(
            ports.jobs(),
            ports.transactions(),
            new GrpcJobItemCodec(clock),
            services.importNumbers(),
            services.updatePhoneNumber(),
            services.releasePhoneNumber(),
            new JobMetrics(metrics.registry(), ports.jobs(), ports.transactions()),
            clock,
            new JobRunner.Settings(
                config.jobs().pollInterval(), config.jobs().lease(), config.jobs().slice()),
            replicaName());
    jobRunner.start();
    this.grpcAdapter = new GrpcAdapter(GrpcAdapter.InboundPorts.of(services), clock);
    this.grpcTelemetry = new GrpcTelemetry(telemetry);
    ServiceMetrics.register(
        metrics.registry(),
        services.routeCache(),
        rateLimiter,
        services.idempotency(),
        grpcTelemetry);
  }

  Warmup warmup(Duration limit) {
    return new Warmup(services, ports, limit);
  }

  UseCaseServices services() {
    return services;
  }

  /** The current key seals and signs; the previous ones still open and verify (key rotation). */
  static ServerKeys serverKeys(SecretKeyMaterial current, List<SecretKeyMaterial> previous) {
    return ServerKeys.of(
        new ServerKeys.Key(current.keyId(), current.key()),
        previous.stream().map(k -> new ServerKeys.Key(k.keyId(), k.key())).toList());
  }

  /**
   * The current and previous secret keys; derive a sub-key per purpose for anything signed ({@link
   * ServerKeys#derive}).
   */
  ServerKeys keys() {
    return keys;
  }

  ResealCredentialsUseCase reseal() {
    return reseal;
  }

  RetentionUseCase retention() {
    return retention;
  }

  List<BindableService> grpcServices() {
    List<BindableService> services = new ArrayList<>();
    services.add(grpcHealth.getHealthService());
    services.add(ProtoReflectionServiceV1.newInstance());
    services.addAll(grpcAdapter.services());
    return services;
  }

  /** In the order a call passes through them. */
  List<ServerInterceptor> grpcInterceptors() {
    List<ServerInterceptor> interceptors = new ArrayList<>();
    if (config.metricsEnabled()) {
      // outermost, so rejected calls (authentication, rate limit) are measured too
      interceptors.add(new GrpcServerMetrics(metrics.registry()));
    }
    // before the adapter's own, so calls they reject are traced and logged as well
    interceptors.add(grpcTelemetry);
    interceptors.addAll(grpcAdapter.interceptors());
    return interceptors;
  }

  /** Calls the gRPC server may run on its event loop, past {@link #grpcInterceptors()}. */
  InPlaceCalls grpcInPlaceCalls() {
    return grpcAdapter.inPlaceCalls();
  }

  /** The public REST port: the dialects only (health and metrics live on the management port). */
  List<Consumer<JavalinConfig>> httpRoutes() {
    List<Consumer<JavalinConfig>> routes = new ArrayList<>();
    RestApi restApi = new RestApi(RestApi.InboundPorts.of(services), clock);
    // first, so its span is current before any other handler runs
    routes.add(
        new HttpTelemetry(
            telemetry,
            config.metricsEnabled() ? Optional.of(metrics.registry()) : Optional.empty(),
            restApi::dialectName));
    routes.add(restApi);
    return routes;
  }

  /** The gRPC services of this adapter that need the database to answer (every one but routing). */
  List<String> databaseBackedServices() {
    return grpcAdapter.services().stream()
        .map(Wiring::serviceName)
        .filter(name -> !name.equals(ROUTING_SERVICE))
        .toList();
  }

  /** The services that answer from the route cache. */
  List<String> routingServices() {
    return grpcAdapter.services().stream()
        .map(Wiring::serviceName)
        .filter(ROUTING_SERVICE::equals)
        .toList();
  }

  /**
   * Ready once the route cache holds every route and follows the change feed (listening, and caught
   * up once), and from then on, also through a database outage: the cache is a complete copy and
   * keeps answering from what it holds (see {@link
   * io.switchboard.application.routing.RouteCache#following()}).
   */
  RoutingReadiness routingReadiness() {
    return services.routeCache()::following;
  }

  private static String serviceName(BindableService service) {
    return service.bindService().getServiceDescriptor().getName();
  }

  /**
   * Makes sure organization {@code default} and an API key with exactly this value and every scope
   * exist; a bootstrap key configured before and replaced since is revoked.
   */
  void provisionBootstrapApiKey(Optional<String> bootstrapApiKey, boolean embedded) {
    if (bootstrapApiKey.isPresent()) {
      BootstrapKeys.BootstrapKey bootstrap =
          services.bootstrapKeys().ensureBootstrapKey(bootstrapApiKey.get());
      bootstrap
          .revokedEarlier()
          .forEach(earlier ->
              log.warn(
                  "Revoked the earlier bootstrap API key {} ({}): {} names another key now",
                  earlier.id(),
                  earlier.prefix(),
                  Config.BOOTSTRAP_API_KEY));
      if (bootstrap.key().isRevoked()) {
        log.warn(
            "The API key in {} ({}) was revoked: it stays revoked and authenticates nothing",
            Config.BOOTSTRAP_API_KEY,
            bootstrap.key().prefix());
      }
      return;
    }
    if (embedded && !services.bootstrapKeys().hasActiveBootstrapKey()) {
      // a fresh local install: make a key so the service can be used at once, and show it this one
      // time
      String secret = ApiKeySecrets.generate();
      services.bootstrapKeys().ensureBootstrapKey(secret);
      System.out.println(
          "switchboard: generated an API key with every scope (shown once, stored hashed): "
              + secret);
      log.info(
          "Generated the bootstrap API key of organization 'default' (printed once on stdout)");
    }
  }

  /** Ends the long-lived gRPC streams (WatchChanges); unary calls keep draining. */
  void endStreams() {
    grpcAdapter.close();
  }

  /**
   * This replica's name in the webhook and job leases it holds: the host name (the pod's, in
   * Kubernetes) and a random part, so a restarted replica never mistakes its predecessor's leases
   * for its own.
   */
  private static String replicaName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "replica";
    }
    return host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  void close() {
    jobRunner.close();
    webhookEngine.close();
    webhookSender.close();
    grpcAdapter.close();
    try {
      services.close();
    } catch (Exception e) {
      log.warn("Stopping the change-feed followers failed: {}", e.getMessage());
    }
  }

  Config config() {
    return config;
  }

  DataSource dataSource() {
    return dataSource;
  }

  SecretKeyMaterial secretKey() {
    return secretKey;
  }

  Clock clock() {
    return clock;
  }
}
