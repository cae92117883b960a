package io.switchboard.grpc;

import static io.switchboard.grpc.CommonProtoMapper.at;
import static io.switchboard.grpc.Responses.reply;

import io.grpc.stub.StreamObserver;
import io.switchboard.application.binding.BindAgentUseCase;
import io.switchboard.application.binding.ListBindingsUseCase;
import io.switchboard.application.binding.UnbindAgentUseCase;
import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.proto.v1.BindAgentRequest;
import io.switchboard.proto.v1.BindingServiceGrpc;
import io.switchboard.proto.v1.ListBindingsRequest;
import io.switchboard.proto.v1.ListBindingsResponse;
import io.switchboard.proto.v1.PhoneNumber;
import io.switchboard.proto.v1.UnbindAgentRequest;
import io.switchboard.proto.v1.UnbindAgentResponse;
import java.util.Optional;

/** switchboard.v1.BindingService over the binding use cases. */
final class BindingGrpcService extends BindingServiceGrpc.BindingServiceImplBase {

  private final BindAgentUseCase bind;
  private final UnbindAgentUseCase unbind;
  private final ListBindingsUseCase listBindings;
  private final IdempotentCalls idempotent;

  BindingGrpcService(
      BindAgentUseCase bind,
      UnbindAgentUseCase unbind,
      ListBindingsUseCase listBindings,
      IdempotentCalls idempotent) {
    this.bind = bind;
    this.unbind = unbind;
    this.listBindings = listBindings;
    this.idempotent = idempotent;
  }

  @Override
  public void bindAgent(BindAgentRequest request, StreamObserver<PhoneNumber> observer) {
    var ctx = CallContext.requestContext();
    var command =
        new BindAgentUseCase.Command(
            CommonProtoMapper.phoneNumberRef(request.getPhoneNumber(), "phone_number"),
            CommonProtoMapper.channel(request.getChannel(), "channel"),
            at("agent_id", () -> new AgentId(request.getAgentId())),
            CommonProtoMapper.conflictPolicy(request.getConflictPolicy(), "conflict_policy"));
    reply(
        observer,
        idempotent.execute(
            ctx,
            IdempotentCalls.NUMBERS_WRITE,
            request,
            PhoneNumber.parser(),
            () -> PhoneNumberProtoMapper.toProto(bind.bind(ctx, command))));
  }

  @Override
  public void unbindAgent(
      UnbindAgentRequest request, StreamObserver<UnbindAgentResponse> observer) {
    var ctx = CallContext.requestContext();
    var channel = CommonProtoMapper.channel(request.getChannel(), "channel");
    reply(
        observer,
        switch (request.getTargetCase()) {
          case PHONE_NUMBER -> {
            PhoneNumberRef ref =
                CommonProtoMapper.phoneNumberRef(request.getPhoneNumber(), "phone_number");
            yield idempotent.execute(
                ctx,
                IdempotentCalls.NUMBERS_WRITE,
                request,
                UnbindAgentResponse.parser(),
                () ->
                    UnbindAgentResponse.newBuilder()
                        .addPhoneNumbers(
                            PhoneNumberProtoMapper.toProto(unbind.unbind(ctx, ref, channel)))
                        .build());
          }
          case AGENT_ID -> {
            AgentId agent = at("agent_id", () -> new AgentId(request.getAgentId()));
            yield idempotent.execute(
                ctx,
                IdempotentCalls.NUMBERS_WRITE,
                request,
                UnbindAgentResponse.parser(),
                () ->
                    UnbindAgentResponse.newBuilder()
                        .addAllPhoneNumbers(
                            unbind.unbindAgent(ctx, agent, channel).stream()
                                .map(PhoneNumberProtoMapper::toProto)
                                .toList())
                        .build());
          }
          case TARGET_NOT_SET ->
              throw InvalidArgumentException.of("phone_number", "is required (or agent_id)");
        });
  }

  @Override
  public void listBindings(
      ListBindingsRequest request, StreamObserver<ListBindingsResponse> observer) {
    var ctx = CallContext.requestContext();
    Optional<AgentId> agent =
        request.getAgentId().isEmpty()
            ? Optional.empty()
            : Optional.of(at("agent_id", () -> new AgentId(request.getAgentId())));
    Optional<PhoneNumberRef> number =
        request.hasPhoneNumber()
            ? Optional.of(
                CommonProtoMapper.phoneNumberRef(request.getPhoneNumber(), "phone_number"))
            : Optional.empty();
    reply(
        observer,
        ListBindingsResponse.newBuilder()
            .addAllBindings(
                listBindings.list(ctx, agent, number).stream()
                    .map(AgentProtoMapper::toProto)
                    .toList())
            .build());
  }
}
