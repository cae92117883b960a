package io.switchboard.domain.channel;

import io.switchboard.domain.common.Violations;
import io.switchboard.domain.error.ErrorDetail.OffendingField;
import io.switchboard.domain.error.FailedPreconditionException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.number.Capabilities;
import java.util.List;
import java.util.Objects;

/** The per-channel state of a number: voice, SMS, and inbound. */
public record ChannelSettings(OutboundChannel voice, OutboundChannel sms, InboundChannel inbound) {
  public static final ChannelSettings ALL_DISABLED =
      new ChannelSettings(
          OutboundChannel.DISABLED, OutboundChannel.DISABLED, InboundChannel.DISABLED);

  public ChannelSettings {
    Objects.requireNonNull(voice, "voice");
    Objects.requireNonNull(sms, "sms");
    Objects.requireNonNull(inbound, "inbound");
  }

  /** The settings a freshly acquired number starts with: every capable channel on, no limit set. */
  public static ChannelSettings initialFor(Capabilities capabilities) {
    return new ChannelSettings(
        new OutboundChannel(capabilities.voice(), ChannelLimit.ZERO, List.of()),
        new OutboundChannel(capabilities.sms(), ChannelLimit.ZERO, List.of()),
        new InboundChannel(capabilities.voice() || capabilities.sms(), ChannelLimit.ZERO));
  }

  public ChannelSettings apply(ChannelSettingsPatch patch) {
    return new ChannelSettings(
        voice.apply(patch.voice()), sms.apply(patch.sms()), inbound.apply(patch.inbound()));
  }

  /**
   * Rule: a channel cannot be enabled where the carrier capability is false. Inbound needs voice or
   * SMS. Throws {@code FAILED_PRECONDITION / CHANNEL_NOT_CAPABLE} naming the channel.
   */
  public void requireCapable(Capabilities capabilities) {
    Violations incapable = new Violations();
    incapable.check(
        !voice.enabled() || capabilities.voice(),
        "voice.enabled",
        "the number is not voice capable");
    incapable.check(
        !sms.enabled() || capabilities.sms(), "sms.enabled", "the number is not SMS capable");
    incapable.check(
        !inbound.enabled() || capabilities.voice() || capabilities.sms(),
        "inbound.enabled",
        "the number has neither voice nor SMS capability");
    if (!incapable.isEmpty()) {
      var first = incapable.list().get(0);
      throw new FailedPreconditionException(
          Reason.CHANNEL_NOT_CAPABLE,
          "cannot enable "
              + first.field().substring(0, first.field().indexOf('.'))
              + ": "
              + first.description(),
          new OffendingField(first.field()));
    }
  }
}
