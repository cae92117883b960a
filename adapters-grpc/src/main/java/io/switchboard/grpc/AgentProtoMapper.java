package io.switchboard.grpc;

import static io.switchboard.grpc.CommonProtoMapper.timestamp;

import io.switchboard.domain.agent.Agent;
import io.switchboard.domain.binding.Binding;

/** Agents and bindings. */
final class AgentProtoMapper {

  private AgentProtoMapper() {}

  static io.switchboard.proto.v1.Agent toProto(Agent agent) {
    return io.switchboard.proto.v1.Agent.newBuilder()
        .setId(agent.id().value())
        .setDisplayName(agent.displayName())
        .setCreateTime(timestamp(agent.createdAt()))
        .setUpdateTime(timestamp(agent.updatedAt()))
        .build();
  }

  static io.switchboard.proto.v1.Binding toProto(Binding binding) {
    return io.switchboard.proto.v1.Binding.newBuilder()
        .setPhoneNumberId(binding.phoneNumberId().toString())
        .setChannel(CommonProtoMapper.channel(binding.channel()))
        .setAgentId(binding.agentId().value())
        .setBindTime(timestamp(binding.boundAt()))
        .build();
  }
}
