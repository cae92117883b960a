package io.switchboard.grpc;

import io.switchboard.application.routing.RouteResolution;
import io.switchboard.application.routing.RoutedNumber;
import io.switchboard.proto.v1.ResolveInboundResponse;
import io.switchboard.proto.v1.UnroutableReason;
import java.util.Optional;

/**
 * Route resolutions. The trunk travels without credentials, like everywhere but
 * GetTrunkCredentials.
 */
final class RoutingProtoMapper {

  private RoutingProtoMapper() {}

  static ResolveInboundResponse toProto(RouteResolution r) {
    var b =
        ResolveInboundResponse.newBuilder()
            .setRoutable(r.routable())
            .setUnroutableReason(reason(r.outcome()))
            .setCalledNumber(r.calledNumber())
            .setChannel(CommonProtoMapper.channel(r.channel()))
            .setChannelEnabled(r.channelEnabled())
            .setChannelLimit(r.channelLimit())
            .setRevision(r.revision());
    r.number().ifPresent(n -> describeNumber(b, n));
    r.agent().ifPresent(a -> b.setAgent(CommonProtoMapper.boundAgent(a)));
    r.trunk().ifPresent(t -> b.setTrunk(TrunkProtoMapper.toProto(t, Optional.empty())));
    return b.build();
  }

  private static void describeNumber(ResolveInboundResponse.Builder b, RoutedNumber n) {
    b.setOrganizationId(n.organizationId().toString())
        .setPhoneNumberId(n.id().toString())
        .setStatus(PhoneNumberProtoMapper.status(n.status()));
    n.inboundUrl().ifPresent(b::setInboundUrl);
    n.statusUrl().ifPresent(b::setStatusUrl);
    n.label().ifPresent(b::setLabel);
    n.webhooks().forEach(w -> b.addWebhooks(PhoneNumberProtoMapper.webhook(w)));
  }

  static UnroutableReason reason(RouteResolution.Outcome outcome) {
    return switch (outcome) {
      case ROUTABLE -> UnroutableReason.UNROUTABLE_REASON_UNSPECIFIED;
      case UNKNOWN_NUMBER -> UnroutableReason.UNROUTABLE_REASON_UNKNOWN_NUMBER;
      case NUMBER_RELEASED -> UnroutableReason.UNROUTABLE_REASON_NUMBER_RELEASED;
      case NUMBER_INACTIVE -> UnroutableReason.UNROUTABLE_REASON_NUMBER_INACTIVE;
      case CHANNEL_DISABLED -> UnroutableReason.UNROUTABLE_REASON_CHANNEL_DISABLED;
      case NO_AGENT_BOUND -> UnroutableReason.UNROUTABLE_REASON_NO_AGENT_BOUND;
    };
  }
}
