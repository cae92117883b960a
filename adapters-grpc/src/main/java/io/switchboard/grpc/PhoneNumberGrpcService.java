package io.switchboard.grpc;

import static io.switchboard.grpc.CommonProtoMapper.at;
import static io.switchboard.grpc.CommonProtoMapper.phoneNumberRef;
import static io.switchboard.grpc.Responses.reply;

import io.grpc.stub.StreamObserver;
import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.inventory.OrderPhoneNumbersUseCase;
import io.switchboard.application.inventory.PurchasePhoneNumberUseCase;
import io.switchboard.application.number.GetPhoneNumberUseCase;
import io.switchboard.application.number.ListPhoneNumberChangesUseCase;
import io.switchboard.application.number.ListPhoneNumbersUseCase;
import io.switchboard.application.number.ReleasePhoneNumberUseCase;
import io.switchboard.application.number.UpdatePhoneNumberUseCase;
import io.switchboard.application.port.query.NumberCursor;
import io.switchboard.application.port.query.NumberQuery;
import io.switchboard.application.port.query.Page;
import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.common.Violations;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.org.Scope;
import io.switchboard.proto.v1.ChannelSnapshot;
import io.switchboard.proto.v1.GetChannelSnapshotRequest;
import io.switchboard.proto.v1.GetPhoneNumberRequest;
import io.switchboard.proto.v1.ListPhoneNumberChangesRequest;
import io.switchboard.proto.v1.ListPhoneNumberChangesResponse;
import io.switchboard.proto.v1.ListPhoneNumbersRequest;
import io.switchboard.proto.v1.ListPhoneNumbersResponse;
import io.switchboard.proto.v1.OrderPhoneNumbersRequest;
import io.switchboard.proto.v1.OrderPhoneNumbersResponse;
import io.switchboard.proto.v1.PhoneNumber;
import io.switchboard.proto.v1.PhoneNumberServiceGrpc;
import io.switchboard.proto.v1.PurchasePhoneNumberRequest;
import io.switchboard.proto.v1.ReleasePhoneNumberRequest;
import io.switchboard.proto.v1.UpdatePhoneNumberRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** switchboard.v1.PhoneNumberService over the number and purchase use cases. */
final class PhoneNumberGrpcService extends PhoneNumberServiceGrpc.PhoneNumberServiceImplBase {

  static final int DEFAULT_CHANGES_PAGE_SIZE = 50;
  static final int MAX_CHANGES_PAGE_SIZE = 1000;

  private final GetPhoneNumberUseCase getNumber;
  private final ListPhoneNumbersUseCase listNumbers;
  private final UpdatePhoneNumberUseCase updateNumber;
  private final ReleasePhoneNumberUseCase releaseNumber;
  private final ListPhoneNumberChangesUseCase numberChanges;
  private final PurchasePhoneNumberUseCase purchase;
  private final OrderPhoneNumbersUseCase order;
  private final IdempotentCalls idempotent;
  private final PageTokens pageTokens;

  PhoneNumberGrpcService(
      GetPhoneNumberUseCase getNumber,
      ListPhoneNumbersUseCase listNumbers,
      UpdatePhoneNumberUseCase updateNumber,
      ReleasePhoneNumberUseCase releaseNumber,
      ListPhoneNumberChangesUseCase numberChanges,
      PurchasePhoneNumberUseCase purchase,
      OrderPhoneNumbersUseCase order,
      IdempotentCalls idempotent,
      PageTokens pageTokens) {
    this.getNumber = getNumber;
    this.listNumbers = listNumbers;
    this.updateNumber = updateNumber;
    this.releaseNumber = releaseNumber;
    this.numberChanges = numberChanges;
    this.purchase = purchase;
    this.order = order;
    this.idempotent = idempotent;
    this.pageTokens = pageTokens;
  }

  @Override
  public void getPhoneNumber(GetPhoneNumberRequest request, StreamObserver<PhoneNumber> observer) {
    var ctx = CallContext.requestContext();
    PhoneNumberRef ref = phoneNumberRef(request.getPhoneNumber(), "phone_number");
    reply(observer, PhoneNumberProtoMapper.toProto(getNumber.get(ctx, ref)));
  }

  @Override
  public void listPhoneNumbers(
      ListPhoneNumbersRequest request, StreamObserver<ListPhoneNumbersResponse> observer) {
    var ctx = CallContext.requestContext();
    NumberQuery query = PhoneNumberListQuery.parse(request, pageTokens);
    Page<PhoneNumberView, NumberCursor> page = listNumbers.list(ctx, query);
    reply(
        observer,
        ListPhoneNumbersResponse.newBuilder()
            .addAllPhoneNumbers(page.items().stream().map(PhoneNumberProtoMapper::toProto).toList())
            .setNextPageToken(PhoneNumberListQuery.nextPageToken(query, page.next(), pageTokens))
            .build());
  }

  @Override
  public void updatePhoneNumber(
      UpdatePhoneNumberRequest request, StreamObserver<PhoneNumber> observer) {
    var ctx = CallContext.requestContext();
    var command = PhoneNumberProtoMapper.updateCommand(request);
    reply(
        observer,
        idempotent.execute(
            ctx,
            IdempotentCalls.NUMBERS_WRITE,
            request,
            PhoneNumber.parser(),
            () -> PhoneNumberProtoMapper.toProto(updateNumber.update(ctx, command))));
  }

  @Override
  public void getChannelSnapshot(
      GetChannelSnapshotRequest request, StreamObserver<ChannelSnapshot> observer) {
    var ctx = CallContext.requestContext();
    PhoneNumberRef ref = phoneNumberRef(request.getPhoneNumber(), "phone_number");
    reply(observer, PhoneNumberProtoMapper.snapshot(getNumber.get(ctx, ref)));
  }

  @Override
  public void purchasePhoneNumber(
      PurchasePhoneNumberRequest request, StreamObserver<PhoneNumber> observer) {
    var ctx = CallContext.requestContext();
    E164 number = at("number", () -> E164.parse(request.getNumber()));
    reply(
        observer,
        idempotent.execute(
            ctx,
            IdempotentCalls.NUMBERS_WRITE,
            request,
            PhoneNumber.parser(),
            () -> PhoneNumberProtoMapper.toProto(purchase.purchase(ctx, number))));
  }

  @Override
  public void orderPhoneNumbers(
      OrderPhoneNumbersRequest request, StreamObserver<OrderPhoneNumbersResponse> observer) {
    var ctx = CallContext.requestContext();
    var violations = new Violations();
    var wanted = new ArrayList<E164>();
    for (int i = 0; i < request.getNumbersCount(); i++) {
      String text = request.getNumbers(i);
      E164 parsed = violations.parse("numbers[" + i + "]", () -> E164.parse(text));
      if (parsed != null) {
        wanted.add(parsed);
      }
    }
    var routing =
        violations.parse(
            "", () -> PhoneNumberProtoMapper.initialRouting(request.getRouting(), "routing"));
    violations.throwIfAny();
    var command = new OrderPhoneNumbersUseCase.Command(wanted, routing);
    reply(
        observer,
        idempotent.execute(
            ctx,
            IdempotentCalls.NUMBERS_WRITE,
            request,
            OrderPhoneNumbersResponse.parser(),
            () ->
                OrderPhoneNumbersResponse.newBuilder()
                    .addAllPhoneNumbers(
                        order.order(ctx, command).stream()
                            .map(PhoneNumberProtoMapper::toProto)
                            .toList())
                    .build()));
  }

  @Override
  public void releasePhoneNumber(
      ReleasePhoneNumberRequest request, StreamObserver<PhoneNumber> observer) {
    var ctx = CallContext.requestContext();
    PhoneNumberRef ref = phoneNumberRef(request.getPhoneNumber(), "phone_number");
    Optional<String> etag = Optional.of(request.getEtag()).filter(e -> !e.isEmpty());
    var scopes =
        request.getReturnToCarrier()
            ? Set.of(Scope.NUMBERS_WRITE, Scope.INVENTORY_WRITE)
            : IdempotentCalls.NUMBERS_WRITE;
    reply(
        observer,
        idempotent.execute(
            ctx,
            scopes,
            request,
            PhoneNumber.parser(),
            () ->
                PhoneNumberProtoMapper.toProto(
                    releaseNumber.release(ctx, ref, request.getReturnToCarrier(), etag))));
  }

  @Override
  public void listPhoneNumberChanges(
      ListPhoneNumberChangesRequest request,
      StreamObserver<ListPhoneNumberChangesResponse> observer) {
    var ctx = CallContext.requestContext();
    PhoneNumberRef ref = phoneNumberRef(request.getPhoneNumber(), "phone_number");
    int pageSize =
        PhoneNumberListQuery.pageSize(
            request.getPageSize(), DEFAULT_CHANGES_PAGE_SIZE, MAX_CHANGES_PAGE_SIZE);
    String boundTo = "phone_number_changes|" + ref;
    Optional<Long> before = Optional.empty();
    if (!request.getPageToken().isEmpty()) {
      before = Optional.of(revision(pageTokens.decode(request.getPageToken(), boundTo, 1).get(0)));
    }
    List<ChangeEvent> changes = numberChanges.changes(ctx, ref, pageSize, before);
    var response =
        ListPhoneNumberChangesResponse.newBuilder()
            .addAllChanges(changes.stream().map(ChangeProtoMapper::toProto).toList());
    if (changes.size() == pageSize) {
      // Newest first: the next page holds what came before the oldest event of this one.
      response.setNextPageToken(
          pageTokens.encode(boundTo, List.of(Long.toString(changes.getLast().revision()))));
    }
    reply(observer, response.build());
  }

  private static long revision(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw InvalidArgumentException.withReason(
          Reason.INVALID_PAGE_TOKEN, "page_token", "is not a token this list issued");
    }
  }
}
