package io.switchboard.grpc;

import static io.switchboard.grpc.Responses.reply;

import io.grpc.stub.StreamObserver;
import io.switchboard.application.inventory.ImportNumbersUseCase;
import io.switchboard.application.inventory.SearchAvailableNumbersUseCase;
import io.switchboard.proto.v1.ImportNumbersRequest;
import io.switchboard.proto.v1.ImportNumbersResponse;
import io.switchboard.proto.v1.InventoryServiceGrpc;
import io.switchboard.proto.v1.SearchAvailableNumbersRequest;
import io.switchboard.proto.v1.SearchAvailableNumbersResponse;
import java.time.Clock;

/** switchboard.v1.InventoryService over the stock use cases. */
final class InventoryGrpcService extends InventoryServiceGrpc.InventoryServiceImplBase {

  private final ImportNumbersUseCase importNumbers;
  private final SearchAvailableNumbersUseCase search;
  private final IdempotentCalls idempotent;
  private final Clock clock;

  InventoryGrpcService(
      ImportNumbersUseCase importNumbers,
      SearchAvailableNumbersUseCase search,
      IdempotentCalls idempotent,
      Clock clock) {
    this.importNumbers = importNumbers;
    this.search = search;
    this.idempotent = idempotent;
    this.clock = clock;
  }

  @Override
  public void importNumbers(
      ImportNumbersRequest request, StreamObserver<ImportNumbersResponse> observer) {
    var ctx = CallContext.requestContext();
    var items = InventoryProtoMapper.importItems(request, clock.instant());
    reply(
        observer,
        idempotent.execute(
            ctx,
            IdempotentCalls.INVENTORY_WRITE,
            request,
            ImportNumbersResponse.parser(),
            () -> InventoryProtoMapper.importResults(importNumbers.importNumbers(ctx, items))));
  }

  @Override
  public void searchAvailableNumbers(
      SearchAvailableNumbersRequest request,
      StreamObserver<SearchAvailableNumbersResponse> observer) {
    var ctx = CallContext.requestContext();
    var query = InventoryProtoMapper.search(request);
    reply(
        observer,
        SearchAvailableNumbersResponse.newBuilder()
            .addAllAvailableNumbers(
                search.search(ctx, query).stream().map(InventoryProtoMapper::toProto).toList())
            .build());
  }
}
