package io.switchboard.domain.channel;

import io.switchboard.domain.common.Patch;
import java.util.Objects;

public record InboundChannelPatch(Patch<Boolean> enabled, Patch<ChannelLimit> channelLimit) {
  public static final InboundChannelPatch NONE =
      new InboundChannelPatch(Patch.keep(), Patch.keep());

  public InboundChannelPatch {
    Objects.requireNonNull(enabled, "enabled");
    Objects.requireNonNull(channelLimit, "channelLimit");
  }

  public boolean isEmpty() {
    return enabled.isKeep() && channelLimit.isKeep();
  }
}
