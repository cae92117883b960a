package io.switchboard.grpc;

import com.google.protobuf.Timestamp;
import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.port.query.BoundAgent;
import io.switchboard.application.trunk.TrunkRef;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.binding.BindingConflictPolicy;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.trunk.TrunkChannel;
import io.switchboard.domain.trunk.TrunkId;
import io.switchboard.proto.v1.Channel;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Translations every service shares: references, channels, timestamps, and field paths of
 * violations.
 */
final class CommonProtoMapper {

  private CommonProtoMapper() {}

  static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }

  /** Runs a parse and reports its violations under the request field {@code field}. */
  static <T> T at(String field, Supplier<T> parse) {
    try {
      return parse.get();
    } catch (InvalidArgumentException e) {
      throw e.under(field);
    }
  }

  static InvalidArgumentException required(String field) {
    return InvalidArgumentException.of(field, "is required");
  }

  static PhoneNumberRef phoneNumberRef(io.switchboard.proto.v1.PhoneNumberRef ref, String field) {
    return switch (ref.getKindCase()) {
      case ID -> PhoneNumberRef.of(at(field + ".id", () -> PhoneNumberId.parse(ref.getId())));
      case NUMBER -> PhoneNumberRef.of(at(field + ".number", () -> E164.parse(ref.getNumber())));
      case KIND_NOT_SET ->
          throw InvalidArgumentException.of(field, "must name the number by id or by number");
    };
  }

  static TrunkRef trunkRef(io.switchboard.proto.v1.TrunkRef ref, String field) {
    return switch (ref.getKindCase()) {
      case ID -> new TrunkRef.ById(at(field + ".id", () -> TrunkId.parse(ref.getId())));
      case KEY ->
          new TrunkRef.ByKey(
              at(field + ".key.number", () -> E164.parse(ref.getKey().getNumber())),
              trunkChannel(ref.getKey().getChannel(), field + ".key.channel"));
      case KIND_NOT_SET ->
          throw InvalidArgumentException.of(field, "must name the trunk by id or by key");
    };
  }

  static BindingChannel channel(Channel channel, String field) {
    return switch (channel) {
      case CHANNEL_CALL -> BindingChannel.CALL;
      case CHANNEL_SMS -> BindingChannel.SMS;
      case CHANNEL_WHATSAPP -> BindingChannel.WHATSAPP;
      case CHANNEL_UNSPECIFIED, UNRECOGNIZED ->
          throw InvalidArgumentException.of(field, "must be CALL, SMS or WHATSAPP");
    };
  }

  static Channel channel(BindingChannel channel) {
    return switch (channel) {
      case CALL -> Channel.CHANNEL_CALL;
      case SMS -> Channel.CHANNEL_SMS;
      case WHATSAPP -> Channel.CHANNEL_WHATSAPP;
    };
  }

  static TrunkChannel trunkChannel(io.switchboard.proto.v1.TrunkChannel channel, String field) {
    return switch (channel) {
      case TRUNK_CHANNEL_CALL -> TrunkChannel.CALL;
      case TRUNK_CHANNEL_WHATSAPP -> TrunkChannel.WHATSAPP;
      case TRUNK_CHANNEL_UNSPECIFIED, UNRECOGNIZED ->
          throw InvalidArgumentException.of(field, "must be CALL or WHATSAPP");
    };
  }

  static io.switchboard.proto.v1.TrunkChannel trunkChannel(TrunkChannel channel) {
    return switch (channel) {
      case CALL -> io.switchboard.proto.v1.TrunkChannel.TRUNK_CHANNEL_CALL;
      case WHATSAPP -> io.switchboard.proto.v1.TrunkChannel.TRUNK_CHANNEL_WHATSAPP;
    };
  }

  static BindingConflictPolicy conflictPolicy(
      io.switchboard.proto.v1.BindingConflictPolicy policy, String field) {
    return switch (policy) {
      case BINDING_CONFLICT_POLICY_UNSPECIFIED, BINDING_CONFLICT_POLICY_REJECT ->
          BindingConflictPolicy.REJECT;
      case BINDING_CONFLICT_POLICY_FORCE -> BindingConflictPolicy.FORCE;
      case BINDING_CONFLICT_POLICY_MOVE_AGENT -> BindingConflictPolicy.MOVE_AGENT;
      case UNRECOGNIZED -> throw InvalidArgumentException.of(field, "is not a known policy");
    };
  }

  static io.switchboard.proto.v1.BoundAgent boundAgent(BoundAgent agent) {
    var b =
        io.switchboard.proto.v1.BoundAgent.newBuilder()
            .setChannel(channel(agent.channel()))
            .setAgentId(agent.agentId().value())
            .setBindTime(timestamp(agent.boundAt()));
    agent.agentName().ifPresent(b::setAgentName);
    return b.build();
  }
}
