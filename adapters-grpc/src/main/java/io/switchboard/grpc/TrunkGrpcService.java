package io.switchboard.grpc;

import static io.switchboard.grpc.CommonProtoMapper.at;
import static io.switchboard.grpc.Responses.reply;

import com.google.protobuf.Empty;
import io.grpc.stub.StreamObserver;
import io.switchboard.application.trunk.AssignTrunkUseCase;
import io.switchboard.application.trunk.DeleteTrunkUseCase;
import io.switchboard.application.trunk.GetTrunkUseCase;
import io.switchboard.application.trunk.ListTrunksUseCase;
import io.switchboard.application.trunk.RegisterTrunkUseCase;
import io.switchboard.application.trunk.TrunkRef;
import io.switchboard.application.trunk.UpdateTrunkUseCase;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.trunk.TrunkChannel;
import io.switchboard.domain.trunk.TrunkId;
import io.switchboard.proto.v1.AssignTrunkRequest;
import io.switchboard.proto.v1.CreateTrunkRequest;
import io.switchboard.proto.v1.DeleteTrunkRequest;
import io.switchboard.proto.v1.GetTrunkRequest;
import io.switchboard.proto.v1.ListTrunksRequest;
import io.switchboard.proto.v1.ListTrunksResponse;
import io.switchboard.proto.v1.Trunk;
import io.switchboard.proto.v1.TrunkServiceGrpc;
import io.switchboard.proto.v1.UpdateTrunkRequest;
import java.util.List;
import java.util.Optional;

/** switchboard.v1.TrunkService over the trunk use cases. */
final class TrunkGrpcService extends TrunkServiceGrpc.TrunkServiceImplBase {

  static final int DEFAULT_PAGE_SIZE = 50;
  static final int MAX_PAGE_SIZE = 1000;

  private final RegisterTrunkUseCase registerTrunk;
  private final GetTrunkUseCase getTrunk;
  private final ListTrunksUseCase listTrunks;
  private final UpdateTrunkUseCase updateTrunk;
  private final AssignTrunkUseCase assignTrunk;
  private final DeleteTrunkUseCase deleteTrunk;
  private final IdempotentCalls idempotent;
  private final PageTokens pageTokens;

  TrunkGrpcService(
      RegisterTrunkUseCase registerTrunk,
      GetTrunkUseCase getTrunk,
      ListTrunksUseCase listTrunks,
      UpdateTrunkUseCase updateTrunk,
      AssignTrunkUseCase assignTrunk,
      DeleteTrunkUseCase deleteTrunk,
      IdempotentCalls idempotent,
      PageTokens pageTokens) {
    this.registerTrunk = registerTrunk;
    this.getTrunk = getTrunk;
    this.listTrunks = listTrunks;
    this.updateTrunk = updateTrunk;
    this.assignTrunk = assignTrunk;
    this.deleteTrunk = deleteTrunk;
    this.idempotent = idempotent;
    this.pageTokens = pageTokens;
  }

  @Override
  public void createTrunk(CreateTrunkRequest request, StreamObserver<Trunk> observer) {
    var ctx = CallContext.requestContext();
    var command = TrunkProtoMapper.createCommand(request);
    reply(
        observer,
        idempotent.execute(
            ctx,
            IdempotentCalls.NUMBERS_WRITE,
            request,
            Trunk.parser(),
            () -> TrunkProtoMapper.toProto(registerTrunk.register(ctx, command).trunk())));
  }

  @Override
  public void getTrunk(GetTrunkRequest request, StreamObserver<Trunk> observer) {
    var ctx = CallContext.requestContext();
    TrunkRef ref = CommonProtoMapper.trunkRef(request.getTrunk(), "trunk");
    reply(observer, TrunkProtoMapper.toProto(getTrunk.get(ctx, ref)));
  }

  @Override
  public void listTrunks(ListTrunksRequest request, StreamObserver<ListTrunksResponse> observer) {
    var ctx = CallContext.requestContext();
    Optional<TrunkChannel> channel =
        request.getChannel() == io.switchboard.proto.v1.TrunkChannel.TRUNK_CHANNEL_UNSPECIFIED
            ? Optional.empty()
            : Optional.of(CommonProtoMapper.trunkChannel(request.getChannel(), "channel"));
    int pageSize =
        PhoneNumberListQuery.pageSize(request.getPageSize(), DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    String boundTo = "trunks|" + channel.map(Enum::name).orElse("*");
    Optional<TrunkId> after = Optional.empty();
    if (!request.getPageToken().isEmpty()) {
      String id = pageTokens.decode(request.getPageToken(), boundTo, 1).get(0);
      after = Optional.of(at("page_token", () -> TrunkId.parse(id)));
    }
    var page = listTrunks.list(ctx, channel, pageSize, after);
    reply(
        observer,
        ListTrunksResponse.newBuilder()
            .addAllTrunks(page.items().stream().map(TrunkProtoMapper::toProto).toList())
            .setNextPageToken(
                page.next()
                    .map(id -> pageTokens.encode(boundTo, List.of(id.toString())))
                    .orElse(""))
            .build());
  }

  @Override
  public void updateTrunk(UpdateTrunkRequest request, StreamObserver<Trunk> observer) {
    var ctx = CallContext.requestContext();
    var command = TrunkProtoMapper.updateCommand(request);
    reply(
        observer,
        idempotent.execute(
            ctx,
            IdempotentCalls.NUMBERS_WRITE,
            request,
            Trunk.parser(),
            () -> TrunkProtoMapper.toProto(updateTrunk.update(ctx, command).trunk())));
  }

  @Override
  public void assignTrunk(AssignTrunkRequest request, StreamObserver<Trunk> observer) {
    var ctx = CallContext.requestContext();
    TrunkRef ref = CommonProtoMapper.trunkRef(request.getTrunk(), "trunk");
    AgentId agent = at("agent_id", () -> new AgentId(request.getAgentId()));
    var policy = CommonProtoMapper.conflictPolicy(request.getConflictPolicy(), "conflict_policy");
    reply(
        observer,
        idempotent.execute(
            ctx,
            IdempotentCalls.NUMBERS_WRITE,
            request,
            Trunk.parser(),
            () -> TrunkProtoMapper.toProto(assignTrunk.assign(ctx, ref, agent, policy).trunk())));
  }

  @Override
  public void deleteTrunk(DeleteTrunkRequest request, StreamObserver<Empty> observer) {
    var ctx = CallContext.requestContext();
    TrunkRef ref = CommonProtoMapper.trunkRef(request.getTrunk(), "trunk");
    reply(
        observer,
        idempotent.execute(
            ctx,
            IdempotentCalls.NUMBERS_WRITE,
            request,
            Empty.parser(),
            () -> {
              deleteTrunk.delete(ctx, ref);
              return Empty.getDefaultInstance();
            }));
  }
}
