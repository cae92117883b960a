package io.switchboard.domain.routing.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * The inbound policies of one channel of a number: where its traffic goes when the primary route
 * cannot take it, which callers it takes, and when.
 */
public record ChannelPolicy(
    Optional<Destination> fallback,
    Optional<CallerScreening> callerScreening,
    Optional<BusinessHours> businessHours) {
  public static final ChannelPolicy NONE =
      new ChannelPolicy(Optional.empty(), Optional.empty(), Optional.empty());

  public ChannelPolicy {
    Objects.requireNonNull(fallback, "fallback");
    Objects.requireNonNull(callerScreening, "callerScreening");
    Objects.requireNonNull(businessHours, "businessHours");
  }

  public boolean isEmpty() {
    return fallback.isEmpty() && callerScreening.isEmpty() && businessHours.isEmpty();
  }

  public ChannelPolicy apply(ChannelPolicyPatch patch) {
    return new ChannelPolicy(
        patch.fallback().applyTo(fallback),
        patch.callerScreening().applyTo(callerScreening),
        patch.businessHours().applyTo(businessHours));
  }
}
