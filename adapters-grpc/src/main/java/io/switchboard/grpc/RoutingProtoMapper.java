package io.switchboard.grpc;

import com.google.protobuf.Timestamp;
import io.switchboard.application.routing.ResolveInboundUseCase;
import io.switchboard.application.routing.RouteResolution;
import io.switchboard.application.routing.RoutedNumber;
import io.switchboard.domain.common.Violations;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.routing.policy.RoutingAction;
import io.switchboard.domain.routing.policy.RoutingDecision;
import io.switchboard.domain.routing.policy.RuleEvaluation;
import io.switchboard.proto.v1.ResolveInboundResponse;
import io.switchboard.proto.v1.UnroutableReason;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

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
    RoutingDecision d = r.decision();
    b.setAction(action(d.action()));
    d.target().ifPresent(b::setTarget);
    for (RuleEvaluation e : d.explanation()) {
      b.addExplanation(
          io.switchboard.proto.v1.RuleEvaluation.newBuilder()
              .setRule(e.rule().code())
              .setResult(e.result())
              .setDetail(e.detail())
              .setDecided(e.decided()));
    }
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

  /** The use-case command of a ResolveInbound or PreviewRouting request. */
  static ResolveInboundUseCase.Command command(
      String calledNumber,
      io.switchboard.proto.v1.Channel protoChannel,
      String caller,
      long minRevision,
      Optional<Timestamp> at,
      OptionalInt activeCalls) {
    if (calledNumber.isEmpty()) {
      throw CommonProtoMapper.required("called_number");
    }
    var channel = CommonProtoMapper.channel(protoChannel, "channel");
    Violations violations = new Violations();
    Instant when = null;
    if (at.isPresent()) {
      Timestamp t = at.get();
      when = violations.parse("at", () -> instant(t));
    }
    violations.check(
        activeCalls.isEmpty() || activeCalls.getAsInt() >= 0,
        "active_calls",
        "must not be negative");
    violations.throwIfAny();
    return new ResolveInboundUseCase.Command(
        calledNumber,
        channel,
        Optional.of(caller).filter(c -> !c.isEmpty()),
        minRevision,
        Optional.ofNullable(when),
        activeCalls);
  }

  private static Instant instant(Timestamp t) {
    if (t.getNanos() < 0 || t.getNanos() > 999_999_999) {
      throw InvalidArgumentException.of("", "must be a valid timestamp");
    }
    try {
      return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    } catch (java.time.DateTimeException e) {
      throw InvalidArgumentException.of("", "must be a valid timestamp");
    }
  }

  static io.switchboard.proto.v1.RoutingAction action(RoutingAction action) {
    return switch (action) {
      case ROUTE_TO_AGENT -> io.switchboard.proto.v1.RoutingAction.ROUTING_ACTION_ROUTE_TO_AGENT;
      case TRANSFER_TO_NUMBER ->
          io.switchboard.proto.v1.RoutingAction.ROUTING_ACTION_TRANSFER_TO_NUMBER;
      case ROUTE_TO_SIP_URI ->
          io.switchboard.proto.v1.RoutingAction.ROUTING_ACTION_ROUTE_TO_SIP_URI;
      case REJECT -> io.switchboard.proto.v1.RoutingAction.ROUTING_ACTION_REJECT;
      case BUSY -> io.switchboard.proto.v1.RoutingAction.ROUTING_ACTION_BUSY;
    };
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
