package io.switchboard.bootstrap;

/**
 * Whether this replica's route cache is loaded and following the change feed, so {@code
 * ResolveInbound} can answer from memory. Readiness depends on this and not on the database: the
 * database is shared, and a readiness that followed it would take every replica out of every load
 * balancer at once.
 */
@FunctionalInterface
interface RoutingReadiness {

  boolean ready();
}
