package io.switchboard.domain.routing.policy;

import io.switchboard.domain.common.Patch;
import java.util.Objects;

/** A partial change of one channel's policies; each policy is replaced whole when set. */
public record ChannelPolicyPatch(
    Patch<Destination> fallback,
    Patch<CallerScreening> callerScreening,
    Patch<BusinessHours> businessHours) {
  public static final ChannelPolicyPatch NONE =
      new ChannelPolicyPatch(Patch.keep(), Patch.keep(), Patch.keep());
  public static final ChannelPolicyPatch CLEAR =
      new ChannelPolicyPatch(Patch.clear(), Patch.clear(), Patch.clear());

  public ChannelPolicyPatch {
    Objects.requireNonNull(fallback, "fallback");
    Objects.requireNonNull(callerScreening, "callerScreening");
    Objects.requireNonNull(businessHours, "businessHours");
  }

  /** Sets every policy to the given one's (an absent policy clears). */
  public static ChannelPolicyPatch replaceWith(ChannelPolicy policy) {
    return new ChannelPolicyPatch(
        policy.fallback().map(Patch::set).orElse(Patch.clear()),
        policy.callerScreening().map(Patch::set).orElse(Patch.clear()),
        policy.businessHours().map(Patch::set).orElse(Patch.clear()));
  }

  public boolean isEmpty() {
    return fallback.isKeep() && callerScreening.isKeep() && businessHours.isKeep();
  }
}
