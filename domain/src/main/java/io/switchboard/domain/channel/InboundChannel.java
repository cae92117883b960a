package io.switchboard.domain.channel;

import java.util.Objects;

/** Whether a number takes inbound traffic, and how many concurrent inbound sessions. */
public record InboundChannel(boolean enabled, ChannelLimit channelLimit) {
  public static final InboundChannel DISABLED = new InboundChannel(false, ChannelLimit.ZERO);

  public InboundChannel {
    Objects.requireNonNull(channelLimit, "channelLimit");
  }

  public InboundChannel apply(InboundChannelPatch patch) {
    return new InboundChannel(
        patch.enabled().applyTo(enabled, enabled),
        patch.channelLimit().applyTo(channelLimit, ChannelLimit.ZERO));
  }
}
