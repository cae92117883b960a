package io.switchboard.application.number;

import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.channel.ChannelSettingsPatch;
import io.switchboard.domain.routing.RoutingPatch;
import java.util.Objects;
import java.util.Optional;

/**
 * Change a number's channel settings and routing (inbound agent, URLs, label, campaign, webhooks)
 * in one step. Concurrent updates of different fields all survive; with {@code expectedEtag} a
 * stale caller is refused.
 */
public interface UpdatePhoneNumberUseCase {
  PhoneNumberView update(RequestContext ctx, Command command);

  record Command(
      PhoneNumberRef ref,
      ChannelSettingsPatch channelSettings,
      RoutingPatch routing,
      Optional<String> expectedEtag) {
    public Command {
      Objects.requireNonNull(ref, "ref");
      Objects.requireNonNull(channelSettings, "channelSettings");
      Objects.requireNonNull(routing, "routing");
      Objects.requireNonNull(expectedEtag, "expectedEtag");
    }

    public static Command channelSettings(PhoneNumberRef ref, ChannelSettingsPatch patch) {
      return new Command(ref, patch, RoutingPatch.NONE, Optional.empty());
    }

    public static Command routing(PhoneNumberRef ref, RoutingPatch patch) {
      return new Command(ref, ChannelSettingsPatch.NONE, patch, Optional.empty());
    }

    public Command withExpectedEtag(Optional<String> etag) {
      return new Command(ref, channelSettings, routing, etag);
    }
  }
}
