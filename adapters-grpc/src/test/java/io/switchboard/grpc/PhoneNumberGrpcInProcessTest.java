package io.switchboard.grpc;

import static io.switchboard.grpc.GrpcTestServer.as;
import static io.switchboard.grpc.GrpcTestServer.badFields;
import static io.switchboard.grpc.GrpcTestServer.failure;
import static io.switchboard.grpc.GrpcTestServer.unpack;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.FieldMask;
import com.google.rpc.RequestInfo;
import io.grpc.Metadata;
import io.grpc.Status.Code;
import io.grpc.stub.MetadataUtils;
import io.switchboard.application.UseCaseFixture;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.number.Capabilities;
import io.switchboard.domain.number.NumberType;
import io.switchboard.domain.org.Scope;
import io.switchboard.proto.v1.GetPhoneNumberRequest;
import io.switchboard.proto.v1.ListPhoneNumbersRequest;
import io.switchboard.proto.v1.PhoneNumber;
import io.switchboard.proto.v1.PhoneNumberRef;
import io.switchboard.proto.v1.PhoneNumberServiceGrpc;
import io.switchboard.proto.v1.PhoneNumberServiceGrpc.PhoneNumberServiceBlockingStub;
import io.switchboard.proto.v1.PurchasePhoneNumberRequest;
import io.switchboard.proto.v1.Routing;
import io.switchboard.proto.v1.UpdatePhoneNumberRequest;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PhoneNumberService through the real interceptors over the fakes, in process: authentication,
 * errors as google.rpc.Status, page tokens, request ids and revisions. The Netty and PostgreSQL end
 * of the same calls is PhoneNumberGrpcIT.
 */
class PhoneNumberGrpcInProcessTest {
  private static final AtomicInteger NUMBERS = new AtomicInteger(1000);

  private final InProcessGrpc grpc = new InProcessGrpc();
  private final UseCaseFixture app = grpc.app();

  @AfterEach
  void stop() throws Exception {
    grpc.close();
  }

  private static String nextNumber() {
    return "+1208443" + NUMBERS.getAndIncrement();
  }

  private PhoneNumberServiceBlockingStub numbers(String key) {
    return as(PhoneNumberServiceGrpc.newBlockingStub(grpc.channel()), key);
  }

  private static GetPhoneNumberRequest get(String id) {
    return GetPhoneNumberRequest.newBuilder()
        .setPhoneNumber(PhoneNumberRef.newBuilder().setId(id))
        .build();
  }

  @Test
  void a_call_without_a_valid_key_is_unauthenticated_and_without_the_scope_permission_denied() {
    var acme = app.tenant("acme");
    String id = acme.buy(nextNumber()).number().id().toString();
    var anonymous = PhoneNumberServiceGrpc.newBlockingStub(grpc.channel());

    failure(
        () -> anonymous.getPhoneNumber(get(id)),
        Code.UNAUTHENTICATED,
        Reason.MISSING_CREDENTIALS.wire());
    failure(
        () -> numbers("sb_live_not-a-key-of-ours").getPhoneNumber(get(id)),
        Code.UNAUTHENTICATED,
        Reason.INVALID_CREDENTIALS.wire());
    failure(
        () -> numbers(acme.apiKey(Scope.ROUTING)).getPhoneNumber(get(id)),
        Code.PERMISSION_DENIED,
        Reason.MISSING_SCOPE.wire());
    assertThat(numbers(acme.apiKey(Scope.NUMBERS_READ)).getPhoneNumber(get(id)).getId())
        .isEqualTo(id);
  }

  @Test
  void a_domain_refusal_arrives_as_a_rich_status_with_the_callers_request_id() {
    var stub = numbers(app.tenant("acme").apiKey(Scope.NUMBERS_READ));
    var headers = new Metadata();
    headers.put(RequestIdInterceptor.REQUEST_ID_HEADER, "req-in-process-1");

    var notFound =
        failure(
            () ->
                stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .getPhoneNumber(get(UUID.randomUUID().toString())),
            Code.NOT_FOUND,
            "PHONE_NUMBER_NOT_FOUND");
    assertThat(unpack(notFound, RequestInfo.class).getRequestId()).isEqualTo("req-in-process-1");
    var invalid =
        failure(() -> stub.getPhoneNumber(get("nope")), Code.INVALID_ARGUMENT, "INVALID_ARGUMENT");
    assertThat(badFields(invalid)).containsExactly("phone_number.id");
  }

  @Test
  void a_list_pages_with_tokens_bound_to_its_query() {
    var acme = app.tenant("acme");
    var stub = numbers(acme.apiKey(Scope.NUMBERS_READ));
    String cheap = nextNumber();
    String middle = nextNumber();
    String dear = nextNumber();
    acme.buy(dear, NumberType.LOCAL, Capabilities.VOICE_AND_SMS, "3.00");
    acme.buy(cheap, NumberType.LOCAL, Capabilities.VOICE_AND_SMS, "1.00");
    acme.buy(middle, NumberType.LOCAL, Capabilities.VOICE_AND_SMS, "2.00");

    var first =
        stub.listPhoneNumbers(
            ListPhoneNumbersRequest.newBuilder().setOrderBy("monthly_fee").setPageSize(2).build());
    assertThat(first.getPhoneNumbersList())
        .extracting(PhoneNumber::getNumber)
        .containsExactly(cheap, middle);
    var second =
        stub.listPhoneNumbers(
            ListPhoneNumbersRequest.newBuilder()
                .setOrderBy("monthly_fee")
                .setPageSize(2)
                .setPageToken(first.getNextPageToken())
                .build());
    assertThat(second.getPhoneNumbersList())
        .extracting(PhoneNumber::getNumber)
        .containsExactly(dear);
    assertThat(second.getNextPageToken()).isEmpty();

    failure(
        () ->
            stub.listPhoneNumbers(
                ListPhoneNumbersRequest.newBuilder()
                    .setOrderBy("number")
                    .setPageToken(first.getNextPageToken())
                    .build()),
        Code.INVALID_ARGUMENT,
        Reason.INVALID_PAGE_TOKEN.wire());
    // the numbers are this organization's: another one lists none of them
    var otherStub = numbers(app.tenant("other").apiKey(Scope.NUMBERS_READ));
    assertThat(
            otherStub
                .listPhoneNumbers(ListPhoneNumbersRequest.getDefaultInstance())
                .getPhoneNumbersList())
        .isEmpty();
  }

  @Test
  void a_mutation_answers_with_its_revision_and_a_retry_with_the_same_request_id_replays_it() {
    var acme = app.tenant("acme");
    var stub = numbers(acme.apiKey(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE));
    String e164 = nextNumber();
    app.stock(e164);
    var responseHeaders = new AtomicReference<Metadata>();
    var trailers = new AtomicReference<Metadata>();
    var request =
        PurchasePhoneNumberRequest.newBuilder()
            .setNumber(e164)
            .setRequestId(UUID.randomUUID().toString())
            .build();

    PhoneNumber bought =
        stub.withInterceptors(
                MetadataUtils.newCaptureMetadataInterceptor(responseHeaders, trailers))
            .purchasePhoneNumber(request);
    PhoneNumber replayed = stub.purchasePhoneNumber(request);

    assertThat(replayed).isEqualTo(bought);
    long revision = Long.parseLong(responseHeaders.get().get(RevisionInterceptor.REVISION_HEADER));
    assertThat(revision)
        .isPositive()
        .isLessThanOrEqualTo(app.ports().changeFeed().latestRevision());
    assertThat(app.database().allNumbers())
        .filteredOn(n -> n.number().value().equals(e164))
        .hasSize(1);

    PhoneNumber labelled =
        stub.updatePhoneNumber(
            UpdatePhoneNumberRequest.newBuilder()
                .setPhoneNumber(
                    PhoneNumber.newBuilder()
                        .setId(bought.getId())
                        .setRouting(Routing.newBuilder().setLabel("Desk")))
                .setUpdateMask(FieldMask.newBuilder().addPaths("routing.label"))
                .build());
    assertThat(labelled.getRouting().getLabel()).isEqualTo("Desk");
    assertThat(labelled.getEtag()).isNotEqualTo(bought.getEtag());
  }
}
