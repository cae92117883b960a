package io.switchboard.bootstrap;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.application.auth.RateLimiter;
import io.switchboard.application.idempotency.IdempotentExecutor;
import io.switchboard.application.routing.RouteCache;

/**
 * What the service itself does, read from the counters the application keeps (plain adders, no
 * metrics library in the core) at each scrape: the route cache, the change feed's lag on this
 * replica, rate-limit refusals, idempotent replays and open WatchChanges streams. Nothing here runs
 * per call. Micrometer holds the objects it reads weakly; each of them lives as long as the service
 * (the wiring holds it), so the series never turn NaN.
 */
final class ServiceMetrics {

  private ServiceMetrics() {}

  static void register(
      MeterRegistry registry,
      RouteCache routeCache,
      RateLimiter rateLimiter,
      IdempotentExecutor idempotency,
      GrpcTelemetry grpcTelemetry) {
    Gauge.builder("switchboard.route.cache.size", routeCache, c -> c.stats().size())
        .description("Numbers whose route this replica holds in memory")
        .register(registry);
    FunctionCounter.builder("switchboard.route.cache.hits", routeCache, c -> c.stats().hits())
        .description("ResolveInbound lookups answered from the route cache")
        .register(registry);
    FunctionCounter.builder("switchboard.route.cache.misses", routeCache, c -> c.stats().misses())
        .description(
            "ResolveInbound lookups of numbers the route cache does not hold (unknown numbers)")
        .register(registry);
    FunctionCounter.builder(
            "switchboard.route.cache.evictions", routeCache, c -> c.stats().evictions())
        .description(
            "Routes dropped from the cache because their number is no longer held or in quarantine")
        .register(registry);
    FunctionCounter.builder("switchboard.route.cache.updates", routeCache, c -> c.stats().updates())
        .description("Routes replaced in place because a change touched them")
        .register(registry);
    Gauge.builder("switchboard.route.cache.load", routeCache, c -> c.stats().lastLoadSeconds())
        .description("How long the last full load of every route into the cache took")
        .baseUnit("seconds")
        .register(registry);
    Gauge.builder("switchboard.route.cache.following", routeCache, c -> c.following() ? 1 : 0)
        .description(
            "1 once the route cache follows the change feed (routing's readiness), 0 before")
        .register(registry);
    Gauge.builder("switchboard.change.feed.lag", routeCache, c -> c.stats().lagSeconds())
        .description(
            "How long the oldest change committed but not yet applied by this replica has waited")
        .baseUnit("seconds")
        .register(registry);
    FunctionCounter.builder("switchboard.rate.limit.refusals", rateLimiter, RateLimiter::refusals)
        .description("Requests refused because their API key was over its rate limit")
        .register(registry);
    FunctionCounter.builder(
            "switchboard.idempotent.replays", idempotency, IdempotentExecutor::replays)
        .description(
            "Mutations answered with the stored response of an earlier call with the same idempotency key")
        .register(registry);
    Gauge.builder("switchboard.watch.streams.open", grpcTelemetry, GrpcTelemetry::openWatchStreams)
        .description("WatchChanges streams open on this replica")
        .register(registry);
  }
}
