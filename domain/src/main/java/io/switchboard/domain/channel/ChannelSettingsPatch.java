package io.switchboard.domain.channel;

import java.util.Objects;

/** A partial change of a number's channel settings; untouched channels keep their state. */
public record ChannelSettingsPatch(
    OutboundChannelPatch voice, OutboundChannelPatch sms, InboundChannelPatch inbound) {
  public static final ChannelSettingsPatch NONE =
      new ChannelSettingsPatch(
          OutboundChannelPatch.NONE, OutboundChannelPatch.NONE, InboundChannelPatch.NONE);

  public ChannelSettingsPatch {
    Objects.requireNonNull(voice, "voice");
    Objects.requireNonNull(sms, "sms");
    Objects.requireNonNull(inbound, "inbound");
  }

  public boolean isEmpty() {
    return voice.isEmpty() && sms.isEmpty() && inbound.isEmpty();
  }
}
