package io.switchboard.application;

import io.switchboard.application.admin.AdminService;
import io.switchboard.application.agent.AgentService;
import io.switchboard.application.auth.AuthService;
import io.switchboard.application.auth.FailedAuthentications;
import io.switchboard.application.auth.RateLimiter;
import io.switchboard.application.binding.BindingService;
import io.switchboard.application.idempotency.IdempotentExecutor;
import io.switchboard.application.inventory.InventoryService;
import io.switchboard.application.keys.ServerKeys;
import io.switchboard.application.number.PhoneNumberService;
import io.switchboard.application.common.HmacTokenSigner;
import io.switchboard.application.port.Ports;
import io.switchboard.application.port.TokenSigner;
import io.switchboard.application.routing.ChangeWatchService;
import io.switchboard.application.routing.RouteCache;
import io.switchboard.application.routing.RoutingService;
import io.switchboard.application.trunk.TrunkService;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.routing.OutboundTargetPolicy;
import io.switchboard.domain.trunk.TrunkId;
import java.time.Clock;
import java.time.Duration;

/**
 * Every use case of Switchboard, built over the ports with plain constructors. The adapters take this and call the
 * use-case interfaces the services implement; {@link #start()} begins following the change feed (route cache and
 * watchers) and {@link #close()} stops it.
 */
public record UseCases(
    AuthService auth,
    AdminService admin,
    PhoneNumberService numbers,
    InventoryService inventory,
    TrunkService trunks,
    BindingService bindings,
    AgentService agents,
    RoutingService routing,
    ChangeWatchService changes,
    RouteCache routeCache,
    IdempotentExecutor idempotency,
    TokenSigner tokenSigner) implements AutoCloseable {

  /**
   * With the safe defaults: failed authentications neither counted nor slowed down, public outbound targets only,
   * page tokens signed under keys derived from {@code keys}.
   *
   * @param keys           the secret keys (current and previous) that idempotency fingerprints and page tokens are
   *                       made and checked under; every replica of a deployment must be given the same ones
   * @param idempotencyTtl how long a stored response answers a retry of the same idempotency key
   */
  public static UseCases create(Ports p, Clock clock, RateLimiter rateLimiter, ServerKeys keys,
      Duration idempotencyTtl) {
    return create(p, clock, rateLimiter, keys, idempotencyTtl, FailedAuthentications.off(clock),
        OutboundTargetPolicy.PUBLIC_ONLY, HmacTokenSigner.of(keys), ChangeWatchService.DEFAULT_STREAMS_PER_KEY);
  }

  /**
   * @param tokenSigner        signs the page tokens and cursors the adapters hand out (every replica needs the same keys)
   * @param watchStreamsPerKey most WatchChanges streams one API key may hold open at once
   */
  public static UseCases create(Ports p, Clock clock, RateLimiter rateLimiter, ServerKeys keys, Duration idempotencyTtl,
      FailedAuthentications failedAuthentications, OutboundTargetPolicy outbound, TokenSigner tokenSigner,
      int watchStreamsPerKey) {
    var auth = new AuthService(p.apiKeys(), p.transactions(), rateLimiter, clock, failedAuthentications);
    var bindings = new BindingService(p.numbers(), p.bindings(), p.agents(), p.changeFeed(), p.transactions(), clock);
    // A key revoked on any replica stops working here as soon as the change feed brings the revocation.
    var routeCache = new RouteCache(p.routes(), p.changeFeed(), p.transactions(), clock, event -> {
      if (event.resourceType() == ResourceType.API_KEY) {
        auth.invalidateCache();
      }
    });
    return new UseCases(
        auth,
        new AdminService(p.organizations(), p.apiKeys(), p.changeFeed(), p.transactions(), auth, clock),
        new PhoneNumberService(p.numbers(), p.bindings(), p.agents(), p.inventory(), p.changeFeed(), p.transactions(), clock,
            outbound),
        new InventoryService(p.inventory(), p.numbers(), p.trunks(), p.bindings(), p.agents(), p.organizations(),
            p.changeFeed(), p.transactions(), clock, PhoneNumberId::random, outbound),
        new TrunkService(p.numbers(), p.trunks(), p.bindings(), p.agents(), p.organizations(), bindings, p.cipher(),
            p.changeFeed(), p.transactions(), clock, PhoneNumberId::random, TrunkId::random),
        bindings,
        new AgentService(p.agents(), p.changeFeed(), p.transactions(), clock),
        new RoutingService(routeCache),
        new ChangeWatchService(p.changeFeed(), p.transactions(), watchStreamsPerKey),
        routeCache,
        new IdempotentExecutor(p.idempotency(), p.transactions(), clock, keys, idempotencyTtl, p.changeFeed(),
            routeCache::catchUpTo),
        tokenSigner);
  }

  public UseCases start() {
    routeCache.start();
    changes.start();
    return this;
  }

  @Override
  public void close() throws Exception {
    routeCache.close();
    changes.close();
  }
}
