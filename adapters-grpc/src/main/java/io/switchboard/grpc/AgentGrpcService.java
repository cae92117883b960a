package io.switchboard.grpc;

import static io.switchboard.grpc.CommonProtoMapper.at;
import static io.switchboard.grpc.Responses.reply;

import io.grpc.stub.StreamObserver;
import io.switchboard.application.agent.GetAgentUseCase;
import io.switchboard.application.agent.UpsertAgentUseCase;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.common.Text;
import io.switchboard.proto.v1.Agent;
import io.switchboard.proto.v1.AgentServiceGrpc;
import io.switchboard.proto.v1.GetAgentRequest;
import io.switchboard.proto.v1.UpsertAgentRequest;

/** switchboard.v1.AgentService over the agent use cases. */
final class AgentGrpcService extends AgentServiceGrpc.AgentServiceImplBase {

  private final UpsertAgentUseCase upsert;
  private final GetAgentUseCase get;
  private final IdempotentCalls idempotent;

  AgentGrpcService(UpsertAgentUseCase upsert, GetAgentUseCase get, IdempotentCalls idempotent) {
    this.upsert = upsert;
    this.get = get;
    this.idempotent = idempotent;
  }

  @Override
  public void upsertAgent(UpsertAgentRequest request, StreamObserver<Agent> observer) {
    var ctx = CallContext.requestContext();
    AgentId id = at("agent.id", () -> new AgentId(request.getAgent().getId()));
    String displayName =
        at("agent.display_name", () -> Text.requireLine(request.getAgent().getDisplayName(), 200));
    reply(
        observer,
        idempotent.execute(
            ctx,
            IdempotentCalls.NUMBERS_WRITE,
            request,
            Agent.parser(),
            () -> AgentProtoMapper.toProto(upsert.upsert(ctx, id, displayName))));
  }

  @Override
  public void getAgent(GetAgentRequest request, StreamObserver<Agent> observer) {
    var ctx = CallContext.requestContext();
    AgentId id = at("id", () -> new AgentId(request.getId()));
    reply(observer, AgentProtoMapper.toProto(get.get(ctx, id)));
  }
}
