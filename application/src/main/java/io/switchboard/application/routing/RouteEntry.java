package io.switchboard.application.routing;

import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.domain.trunk.Trunk;
import java.util.List;
import java.util.Optional;

/** What the route cache keeps per number: the held number with bindings and trunks, or why there is none. */
record RouteEntry(Optional<PhoneNumberView> held, boolean releasedInQuarantine, List<Trunk> trunks) {
  static final RouteEntry UNKNOWN = new RouteEntry(Optional.empty(), false, List.of());
  static final RouteEntry RELEASED = new RouteEntry(Optional.empty(), true, List.of());
}
