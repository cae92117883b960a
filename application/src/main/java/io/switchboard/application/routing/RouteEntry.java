package io.switchboard.application.routing;

/**
 * What the route cache keeps per number: the compact route of a held number, or why there is none.
 * A million of these must fit in a few hundred MiB, so held numbers are kept as {@link
 * RoutedNumber}, never as whole aggregates.
 */
sealed interface RouteEntry permits RoutedNumber, RouteEntry.Absent {

  /** No route, and the reason, shared by every number it applies to. */
  enum Absent implements RouteEntry {
    UNKNOWN,
    RELEASED_IN_QUARANTINE
  }
}
