package io.switchboard.domain.channel;

import io.switchboard.domain.common.Patch;
import io.switchboard.domain.number.CountryCode;
import java.util.List;
import java.util.Objects;

/** A partial change of a voice or SMS channel; destinations are replaced whole when set. */
public record OutboundChannelPatch(
    Patch<Boolean> enabled,
    Patch<ChannelLimit> channelLimit,
    Patch<List<CountryCode>> whitelistedDestinations) {
  public static final OutboundChannelPatch NONE =
      new OutboundChannelPatch(Patch.keep(), Patch.keep(), Patch.keep());

  public OutboundChannelPatch {
    Objects.requireNonNull(enabled, "enabled");
    Objects.requireNonNull(channelLimit, "channelLimit");
    Objects.requireNonNull(whitelistedDestinations, "whitelistedDestinations");
    whitelistedDestinations = whitelistedDestinations.map(OutboundChannel::requireDistinct);
  }

  public boolean isEmpty() {
    return enabled.isKeep() && channelLimit.isKeep() && whitelistedDestinations.isKeep();
  }
}
