package io.switchboard.grpc;

import static io.switchboard.grpc.GrpcTestServer.as;
import static io.switchboard.grpc.GrpcTestServer.badFields;
import static io.switchboard.grpc.GrpcTestServer.errorInfo;
import static io.switchboard.grpc.GrpcTestServer.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.FieldMask;
import io.grpc.Metadata;
import io.grpc.Status.Code;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.MetadataUtils;
import io.switchboard.domain.number.Capabilities;
import io.switchboard.domain.number.NumberType;
import io.switchboard.domain.org.Scope;
import io.switchboard.persistence.testing.TestApplication;
import io.switchboard.proto.v1.ChangeAction;
import io.switchboard.proto.v1.ChannelSettings;
import io.switchboard.proto.v1.GetChannelSnapshotRequest;
import io.switchboard.proto.v1.GetPhoneNumberRequest;
import io.switchboard.proto.v1.ListPhoneNumberChangesRequest;
import io.switchboard.proto.v1.ListPhoneNumbersRequest;
import io.switchboard.proto.v1.NumberStatus;
import io.switchboard.proto.v1.OrderPhoneNumbersRequest;
import io.switchboard.proto.v1.OutboundChannel;
import io.switchboard.proto.v1.PhoneNumber;
import io.switchboard.proto.v1.PhoneNumberRef;
import io.switchboard.proto.v1.PhoneNumberServiceGrpc;
import io.switchboard.proto.v1.PhoneNumberServiceGrpc.PhoneNumberServiceBlockingStub;
import io.switchboard.proto.v1.PurchasePhoneNumberRequest;
import io.switchboard.proto.v1.ReleasePhoneNumberRequest;
import io.switchboard.proto.v1.Routing;
import io.switchboard.proto.v1.UpdatePhoneNumberRequest;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** PhoneNumberService over a real Netty server, the real use cases and PostgreSQL behind it. */
class PhoneNumberGrpcIT {

  static TestApplication app;
  static GrpcTestServer server;
  static final AtomicInteger NUMBERS = new AtomicInteger(1000);

  @BeforeAll
  static void start() {
    app = TestApplication.start(PhoneNumberGrpcIT.class);
    server = new GrpcTestServer(app);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    app.close();
  }

  static String nextNumber() {
    return "+1208443" + NUMBERS.getAndIncrement();
  }

  static PhoneNumberServiceBlockingStub numbers(String key) {
    return as(PhoneNumberServiceGrpc.newBlockingStub(server.channel()), key);
  }

  static PhoneNumberRef byId(String id) {
    return PhoneNumberRef.newBuilder().setId(id).build();
  }

  @Test
  void gets_a_number_by_id_and_by_number_in_any_common_notation() {
    var acme = app.tenant("acme");
    String key = acme.apiKey(Scope.NUMBERS_READ);
    String e164 = nextNumber();
    var bought = acme.buy(e164);

    PhoneNumber byId =
        numbers(key)
            .getPhoneNumber(
                GetPhoneNumberRequest.newBuilder()
                    .setPhoneNumber(byId(bought.number().id().toString()))
                    .build());
    String spaced = "+1 (208) 443-" + e164.substring(8);
    PhoneNumber byNumber =
        numbers(key)
            .getPhoneNumber(
                GetPhoneNumberRequest.newBuilder()
                    .setPhoneNumber(PhoneNumberRef.newBuilder().setNumber(spaced))
                    .build());

    assertThat(byId).isEqualTo(byNumber);
    assertThat(byId.getNumber()).isEqualTo(e164);
    assertThat(byId.getCountryCode()).isEqualTo("US");
    assertThat(byId.getStatus()).isEqualTo(NumberStatus.NUMBER_STATUS_ACTIVE);
    assertThat(byId.getMonthlyFee().getAmount()).isEqualTo("1.5");
    assertThat(byId.getMonthlyFee().getCurrency()).isEqualTo("EUR");
    assertThat(byId.getEtag()).isEqualTo(bought.etag());
  }

  @Test
  void get_refuses_bad_references_and_reports_unknown_numbers_as_not_found() {
    String key = app.tenant("acme").apiKey(Scope.NUMBERS_READ);
    var stub = numbers(key);

    var unknown =
        failure(
            () ->
                stub.getPhoneNumber(
                    GetPhoneNumberRequest.newBuilder()
                        .setPhoneNumber(byId(UUID.randomUUID().toString()))
                        .build()),
            Code.NOT_FOUND,
            "PHONE_NUMBER_NOT_FOUND");
    assertThat(unknown.getMessage()).contains("not found");
    var badId =
        failure(
            () ->
                stub.getPhoneNumber(
                    GetPhoneNumberRequest.newBuilder().setPhoneNumber(byId("nope")).build()),
            Code.INVALID_ARGUMENT,
            "INVALID_ARGUMENT");
    assertThat(badFields(badId)).containsExactly("phone_number.id");
    var badNumber =
        failure(
            () ->
                stub.getPhoneNumber(
                    GetPhoneNumberRequest.newBuilder()
                        .setPhoneNumber(PhoneNumberRef.newBuilder().setNumber("12"))
                        .build()),
            Code.INVALID_ARGUMENT,
            "INVALID_ARGUMENT");
    assertThat(badFields(badNumber)).containsExactly("phone_number.number");
    var missing =
        failure(
            () -> stub.getPhoneNumber(GetPhoneNumberRequest.getDefaultInstance()),
            Code.INVALID_ARGUMENT,
            "INVALID_ARGUMENT");
    assertThat(badFields(missing)).containsExactly("phone_number");
  }

  @Test
  void another_organization_cannot_see_or_change_the_number() {
    var acme = app.tenant("acme");
    var other = app.tenant("other");
    var bought = acme.buy(nextNumber());
    var otherStub = numbers(other.apiKey(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE));
    String id = bought.number().id().toString();

    failure(
        () ->
            otherStub.getPhoneNumber(
                GetPhoneNumberRequest.newBuilder().setPhoneNumber(byId(id)).build()),
        Code.NOT_FOUND,
        "PHONE_NUMBER_NOT_FOUND");
    failure(
        () ->
            otherStub.getPhoneNumber(
                GetPhoneNumberRequest.newBuilder()
                    .setPhoneNumber(
                        PhoneNumberRef.newBuilder().setNumber(bought.number().number().value()))
                    .build()),
        Code.NOT_FOUND,
        "PHONE_NUMBER_NOT_FOUND");
    failure(
        () ->
            otherStub.updatePhoneNumber(
                UpdatePhoneNumberRequest.newBuilder()
                    .setPhoneNumber(
                        PhoneNumber.newBuilder()
                            .setId(id)
                            .setRouting(Routing.newBuilder().setLabel("mine")))
                    .setUpdateMask(FieldMask.newBuilder().addPaths("routing.label"))
                    .build()),
        Code.NOT_FOUND,
        "PHONE_NUMBER_NOT_FOUND");
    assertThat(
            otherStub
                .listPhoneNumbers(ListPhoneNumbersRequest.getDefaultInstance())
                .getPhoneNumbersList())
        .isEmpty();
  }

  @Test
  void lists_with_filter_order_and_page_tokens_bound_to_the_query() {
    var acme = app.tenant("acme");
    var stub = numbers(acme.apiKey(Scope.NUMBERS_READ));
    String cheap = nextNumber();
    String middle = nextNumber();
    String dear = nextNumber();
    acme.buy(dear, NumberType.LOCAL, Capabilities.VOICE_AND_SMS, "3.00");
    acme.buy(cheap, NumberType.LOCAL, Capabilities.VOICE_AND_SMS, "1.00");
    acme.buy(middle, NumberType.LOCAL, Capabilities.VOICE_AND_SMS, "2.00");
    String filter =
        "status = \"active\" AND country = \"US\" AND type = local AND compliance = \"completed\"";

    var first =
        stub.listPhoneNumbers(
            ListPhoneNumbersRequest.newBuilder()
                .setFilter(filter)
                .setOrderBy("monthly_fee")
                .setPageSize(2)
                .build());
    assertThat(first.getPhoneNumbersList())
        .extracting(PhoneNumber::getNumber)
        .containsExactly(cheap, middle);
    assertThat(first.getNextPageToken()).isNotEmpty();
    var second =
        stub.listPhoneNumbers(
            ListPhoneNumbersRequest.newBuilder()
                .setFilter(filter)
                .setOrderBy("monthly_fee")
                .setPageSize(2)
                .setPageToken(first.getNextPageToken())
                .build());
    assertThat(second.getPhoneNumbersList())
        .extracting(PhoneNumber::getNumber)
        .containsExactly(dear);
    assertThat(second.getNextPageToken()).isEmpty();

    var descending =
        stub.listPhoneNumbers(
            ListPhoneNumbersRequest.newBuilder().setOrderBy("monthly_fee desc").build());
    assertThat(descending.getPhoneNumbersList())
        .extracting(PhoneNumber::getNumber)
        .containsExactly(dear, middle, cheap);
    var searched =
        stub.listPhoneNumbers(
            ListPhoneNumbersRequest.newBuilder()
                .setFilter("search = \"" + middle.substring(7) + "\"")
                .build());
    assertThat(searched.getPhoneNumbersList())
        .extracting(PhoneNumber::getNumber)
        .containsExactly(middle);
    assertThat(
            stub.listPhoneNumbers(
                    ListPhoneNumbersRequest.newBuilder().setFilter("status = inactive").build())
                .getPhoneNumbersList())
        .isEmpty();

    var otherFilter =
        failure(
            () ->
                stub.listPhoneNumbers(
                    ListPhoneNumbersRequest.newBuilder()
                        .setFilter("status = \"pending\"")
                        .setOrderBy("monthly_fee")
                        .setPageToken(first.getNextPageToken())
                        .build()),
            Code.INVALID_ARGUMENT,
            "INVALID_PAGE_TOKEN");
    assertThat(badFields(otherFilter)).containsExactly("page_token");
    failure(
        () ->
            stub.listPhoneNumbers(
                ListPhoneNumbersRequest.newBuilder()
                    .setFilter(filter)
                    .setOrderBy("number")
                    .setPageToken(first.getNextPageToken())
                    .build()),
        Code.INVALID_ARGUMENT,
        "INVALID_PAGE_TOKEN");
    failure(
        () ->
            stub.listPhoneNumbers(
                ListPhoneNumbersRequest.newBuilder().setPageToken("garbage!").build()),
        Code.INVALID_ARGUMENT,
        "INVALID_PAGE_TOKEN");
    assertThat(
            badFields(
                failure(
                    () ->
                        stub.listPhoneNumbers(
                            ListPhoneNumbersRequest.newBuilder().setFilter("colour = red").build()),
                    Code.INVALID_ARGUMENT,
                    "INVALID_ARGUMENT")))
        .containsExactly("filter");
    assertThat(
            badFields(
                failure(
                    () ->
                        stub.listPhoneNumbers(
                            ListPhoneNumbersRequest.newBuilder()
                                .setFilter("status = active OR status = pending")
                                .build()),
                    Code.INVALID_ARGUMENT,
                    "INVALID_ARGUMENT")))
        .containsExactly("filter");
    assertThat(
            badFields(
                failure(
                    () ->
                        stub.listPhoneNumbers(
                            ListPhoneNumbersRequest.newBuilder().setOrderBy("colour").build()),
                    Code.INVALID_ARGUMENT,
                    "INVALID_ARGUMENT")))
        .containsExactly("order_by");
    assertThat(
            badFields(
                failure(
                    () ->
                        stub.listPhoneNumbers(
                            ListPhoneNumbersRequest.newBuilder().setPageSize(-1).build()),
                    Code.INVALID_ARGUMENT,
                    "INVALID_ARGUMENT")))
        .containsExactly("page_size");
  }

  @Test
  void update_changes_only_the_masked_fields() {
    var acme = app.tenant("acme");
    var stub = numbers(acme.apiKey(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE));
    var bought = acme.buy(nextNumber());
    String id = bought.number().id().toString();

    PhoneNumber updated =
        stub.updatePhoneNumber(
            UpdatePhoneNumberRequest.newBuilder()
                .setPhoneNumber(
                    PhoneNumber.newBuilder()
                        .setId(id)
                        .setChannelSettings(
                            ChannelSettings.newBuilder()
                                .setVoice(
                                    OutboundChannel.newBuilder()
                                        .setChannelLimit(7)
                                        .setEnabled(false)
                                        .addWhitelistedDestinations("DE"))
                                .setSms(OutboundChannel.newBuilder().setChannelLimit(9)))
                        .setRouting(
                            Routing.newBuilder()
                                .setLabel("Support")
                                .setInboundUrl("https://example.com/in")))
                .setUpdateMask(
                    FieldMask.newBuilder()
                        .addPaths("channel_settings.voice.channel_limit")
                        .addPaths("routing.label"))
                .build());

    assertThat(updated.getChannelSettings().getVoice().getChannelLimit()).isEqualTo(7);
    assertThat(updated.getChannelSettings().getVoice().getEnabled()).as("not masked").isTrue();
    assertThat(updated.getChannelSettings().getVoice().getWhitelistedDestinationsList())
        .as("not masked")
        .isEmpty();
    assertThat(updated.getChannelSettings().getSms().getChannelLimit()).as("not masked").isZero();
    assertThat(updated.getRouting().getLabel()).isEqualTo("Support");
    assertThat(updated.getRouting().getInboundUrl()).as("not masked").isEmpty();
    assertThat(updated.getEtag()).isNotEqualTo(bought.etag());

    PhoneNumber cleared =
        stub.updatePhoneNumber(
            UpdatePhoneNumberRequest.newBuilder()
                .setPhoneNumber(PhoneNumber.newBuilder().setId(id))
                .setUpdateMask(FieldMask.newBuilder().addPaths("routing.label"))
                .build());
    assertThat(cleared.getRouting().getLabel()).as("a masked empty field is cleared").isEmpty();
    assertThat(cleared.getChannelSettings().getVoice().getChannelLimit()).isEqualTo(7);

    PhoneNumber parent =
        stub.updatePhoneNumber(
            UpdatePhoneNumberRequest.newBuilder()
                .setPhoneNumber(
                    PhoneNumber.newBuilder()
                        .setNumber(bought.number().number().value())
                        .setChannelSettings(
                            ChannelSettings.newBuilder()
                                .setSms(
                                    OutboundChannel.newBuilder()
                                        .setEnabled(true)
                                        .setChannelLimit(4)
                                        .addWhitelistedDestinations("us"))))
                .setUpdateMask(FieldMask.newBuilder().addPaths("channel_settings.sms"))
                .build());
    assertThat(parent.getChannelSettings().getSms().getChannelLimit()).isEqualTo(4);
    assertThat(parent.getChannelSettings().getSms().getWhitelistedDestinationsList())
        .containsExactly("US");
    assertThat(parent.getChannelSettings().getVoice().getChannelLimit()).isEqualTo(7);
  }

  @Test
  void update_refuses_unknown_and_read_only_paths_bad_values_and_stale_etags() {
    var acme = app.tenant("acme");
    var stub = numbers(acme.apiKey(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE));
    var bought = acme.buy(nextNumber());
    String id = bought.number().id().toString();
    var base =
        UpdatePhoneNumberRequest.newBuilder().setPhoneNumber(PhoneNumber.newBuilder().setId(id));

    assertThat(
            badFields(
                failure(
                    () ->
                        stub.updatePhoneNumber(
                            base.clone()
                                .setUpdateMask(FieldMask.newBuilder().addPaths("routing.colour"))
                                .build()),
                    Code.INVALID_ARGUMENT,
                    "INVALID_ARGUMENT")))
        .containsExactly("update_mask");
    assertThat(
            badFields(
                failure(
                    () ->
                        stub.updatePhoneNumber(
                            base.clone()
                                .setUpdateMask(FieldMask.newBuilder().addPaths("status"))
                                .build()),
                    Code.INVALID_ARGUMENT,
                    "INVALID_ARGUMENT")))
        .containsExactly("update_mask");
    assertThat(
            badFields(
                failure(
                    () -> stub.updatePhoneNumber(base.clone().build()),
                    Code.INVALID_ARGUMENT,
                    "INVALID_ARGUMENT")))
        .containsExactly("update_mask");
    var badValues =
        failure(
            () ->
                stub.updatePhoneNumber(
                    UpdatePhoneNumberRequest.newBuilder()
                        .setPhoneNumber(
                            PhoneNumber.newBuilder()
                                .setId(id)
                                .setRouting(
                                    Routing.newBuilder()
                                        .setInboundUrl("http://plain.example.com")
                                        .setStatusUrl("https://ok.example.com"))
                                .setChannelSettings(
                                    ChannelSettings.newBuilder()
                                        .setVoice(
                                            OutboundChannel.newBuilder().setChannelLimit(-1))))
                        .setUpdateMask(
                            FieldMask.newBuilder()
                                .addPaths("routing")
                                .addPaths("channel_settings.voice.channel_limit"))
                        .build()),
            Code.INVALID_ARGUMENT,
            "INVALID_ARGUMENT");
    assertThat(badFields(badValues))
        .containsExactlyInAnyOrder(
            "phone_number.routing.inbound_url",
            "phone_number.channel_settings.voice.channel_limit");

    var stale =
        failure(
            () ->
                stub.updatePhoneNumber(
                    UpdatePhoneNumberRequest.newBuilder()
                        .setPhoneNumber(
                            PhoneNumber.newBuilder()
                                .setId(id)
                                .setEtag("999")
                                .setRouting(Routing.newBuilder().setLabel("x")))
                        .setUpdateMask(FieldMask.newBuilder().addPaths("routing.label"))
                        .build()),
            Code.ABORTED,
            "ETAG_MISMATCH");
    assertThat(stale.getMessage()).contains("etag");
    PhoneNumber current =
        stub.updatePhoneNumber(
            UpdatePhoneNumberRequest.newBuilder()
                .setPhoneNumber(
                    PhoneNumber.newBuilder()
                        .setId(id)
                        .setEtag(bought.etag())
                        .setRouting(Routing.newBuilder().setLabel("x")))
                .setUpdateMask(FieldMask.newBuilder().addPaths("routing.label"))
                .build());
    assertThat(current.getRouting().getLabel()).isEqualTo("x");
    failure(
        () ->
            stub.updatePhoneNumber(
                UpdatePhoneNumberRequest.newBuilder()
                    .setPhoneNumber(
                        PhoneNumber.newBuilder()
                            .setId(id)
                            .setEtag(bought.etag())
                            .setRouting(Routing.newBuilder().setLabel("y")))
                    .setUpdateMask(FieldMask.newBuilder().addPaths("routing.label"))
                    .build()),
        Code.ABORTED,
        "ETAG_MISMATCH");

    failure(
        () ->
            stub.updatePhoneNumber(
                UpdatePhoneNumberRequest.newBuilder()
                    .setPhoneNumber(
                        PhoneNumber.newBuilder()
                            .setId(id)
                            .setRouting(Routing.newBuilder().setInboundAgentId("ghost")))
                    .setUpdateMask(FieldMask.newBuilder().addPaths("routing.inbound_agent_id"))
                    .build()),
        Code.NOT_FOUND,
        "AGENT_NOT_FOUND");

    var voiceOnly = acme.buy(nextNumber(), NumberType.LOCAL, Capabilities.VOICE_ONLY, "1.00");
    var incapable =
        failure(
            () ->
                stub.updatePhoneNumber(
                    UpdatePhoneNumberRequest.newBuilder()
                        .setPhoneNumber(
                            PhoneNumber.newBuilder()
                                .setId(voiceOnly.number().id().toString())
                                .setChannelSettings(
                                    ChannelSettings.newBuilder()
                                        .setSms(OutboundChannel.newBuilder().setEnabled(true))))
                        .setUpdateMask(
                            FieldMask.newBuilder().addPaths("channel_settings.sms.enabled"))
                        .build()),
            Code.FAILED_PRECONDITION,
            "CHANNEL_NOT_CAPABLE");
    assertThat(errorInfo(incapable).getMetadataMap()).containsEntry("field", "sms.enabled");
  }

  @Test
  void a_retried_request_id_returns_the_first_response_and_applies_nothing_twice() {
    var acme = app.tenant("acme");
    var stub = numbers(acme.apiKey(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE));
    var bought = acme.buy(nextNumber());
    String id = bought.number().id().toString();
    String requestId = UUID.randomUUID().toString();
    var request =
        UpdatePhoneNumberRequest.newBuilder()
            .setPhoneNumber(
                PhoneNumber.newBuilder()
                    .setId(id)
                    .setRouting(Routing.newBuilder().setLabel("Once")))
            .setUpdateMask(FieldMask.newBuilder().addPaths("routing.label"))
            .setRequestId(requestId)
            .build();

    PhoneNumber first = stub.updatePhoneNumber(request);
    // Someone else changes the number in between: the retry must still answer with the first
    // response.
    stub.updatePhoneNumber(
        UpdatePhoneNumberRequest.newBuilder()
            .setPhoneNumber(
                PhoneNumber.newBuilder()
                    .setId(id)
                    .setRouting(Routing.newBuilder().setStatusUrl("https://s.example.com")))
            .setUpdateMask(FieldMask.newBuilder().addPaths("routing.status_url"))
            .build());
    PhoneNumber retry = stub.updatePhoneNumber(request);

    assertThat(retry).isEqualTo(first);
    var changes =
        stub.listPhoneNumberChanges(
            ListPhoneNumberChangesRequest.newBuilder().setPhoneNumber(byId(id)).build());
    assertThat(changes.getChangesList())
        .filteredOn(
            c -> c.getChangesList().stream().anyMatch(f -> f.getField().equals("routing.label")))
        .hasSize(1);

    var reused =
        failure(
            () ->
                stub.updatePhoneNumber(
                    request.toBuilder()
                        .setPhoneNumber(
                            request.getPhoneNumber().toBuilder()
                                .setRouting(Routing.newBuilder().setLabel("Twice")))
                        .build()),
            Code.INVALID_ARGUMENT,
            "IDEMPOTENCY_KEY_REUSED");
    assertThat(badFields(reused)).containsExactly("request_id");

    String purchaseId = UUID.randomUUID().toString();
    String e164 = nextNumber();
    app.stock(e164);
    var purchase =
        PurchasePhoneNumberRequest.newBuilder().setNumber(e164).setRequestId(purchaseId).build();
    PhoneNumber bought1 = stub.purchasePhoneNumber(purchase);
    PhoneNumber bought2 = stub.purchasePhoneNumber(purchase);
    assertThat(bought2).isEqualTo(bought1);
    failure(
        () -> stub.purchasePhoneNumber(purchase.toBuilder().clearRequestId().build()),
        Code.ALREADY_EXISTS,
        "PHONE_NUMBER_ALREADY_HELD");
  }

  @Test
  void purchase_order_and_their_refusals() {
    var acme = app.tenant("acme", 2);
    var stub = numbers(acme.apiKey(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE));
    String first = nextNumber();
    app.stock(first);

    PhoneNumber bought =
        stub.purchasePhoneNumber(PurchasePhoneNumberRequest.newBuilder().setNumber(first).build());
    assertThat(bought.getNumber()).isEqualTo(first);
    failure(
        () ->
            stub.purchasePhoneNumber(
                PurchasePhoneNumberRequest.newBuilder().setNumber(nextNumber()).build()),
        Code.NOT_FOUND,
        "AVAILABLE_NUMBER_NOT_FOUND");
    assertThat(
            badFields(
                failure(
                    () ->
                        stub.purchasePhoneNumber(
                            PurchasePhoneNumberRequest.newBuilder().setNumber("x").build()),
                    Code.INVALID_ARGUMENT,
                    "INVALID_ARGUMENT")))
        .containsExactly("number");

    String a = nextNumber();
    String b = nextNumber();
    app.stock(a);
    var insufficient =
        failure(
            () ->
                stub.orderPhoneNumbers(
                    OrderPhoneNumbersRequest.newBuilder().addNumbers(a).addNumbers(b).build()),
            Code.FAILED_PRECONDITION,
            "INSUFFICIENT_INVENTORY");
    assertThat(errorInfo(insufficient).getMetadataMap()).containsEntry("unavailable_numbers", b);
    assertThat(
            badFields(
                failure(
                    () ->
                        stub.orderPhoneNumbers(
                            OrderPhoneNumbersRequest.newBuilder()
                                .addNumbers(a)
                                .addNumbers("nope")
                                .build()),
                    Code.INVALID_ARGUMENT,
                    "INVALID_ARGUMENT")))
        .containsExactly("numbers[1]");

    var ordered =
        stub.orderPhoneNumbers(
            OrderPhoneNumbersRequest.newBuilder()
                .addNumbers(a)
                .setRouting(Routing.newBuilder().setLabel("Sales"))
                .build());
    assertThat(ordered.getPhoneNumbersList())
        .singleElement()
        .satisfies(n -> {
          assertThat(n.getNumber()).isEqualTo(a);
          assertThat(n.getRouting().getLabel()).isEqualTo("Sales");
        });

    app.stock(b);
    var capped =
        failure(
            () ->
                stub.purchasePhoneNumber(
                    PurchasePhoneNumberRequest.newBuilder().setNumber(b).build()),
            Code.RESOURCE_EXHAUSTED,
            "PURCHASE_LIMIT_REACHED");
    assertThat(errorInfo(capped).getMetadataMap())
        .containsEntry("limit", "2")
        .containsEntry("current", "2");
  }

  @Test
  void snapshot_release_and_history() {
    var acme = app.tenant("acme");
    var stub = numbers(acme.apiKey(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE));
    var bought = acme.buy(nextNumber());
    String id = bought.number().id().toString();
    acme.agent("agent-snap", "Front desk");
    app.useCases()
        .bindAgent()
        .bind(
            acme.quickContext(),
            new io.switchboard.application.binding.BindAgentUseCase.Command(
                io.switchboard.application.common.PhoneNumberRef.of(bought.number().id()),
                io.switchboard.domain.binding.BindingChannel.CALL,
                new io.switchboard.domain.agent.AgentId("agent-snap"),
                io.switchboard.domain.binding.BindingConflictPolicy.REJECT));

    var snapshot =
        stub.getChannelSnapshot(
            GetChannelSnapshotRequest.newBuilder().setPhoneNumber(byId(id)).build());
    assertThat(snapshot.getCall().getCapable()).isTrue();
    assertThat(snapshot.getCall().getBound()).isTrue();
    assertThat(snapshot.getCall().getAgentName()).isEqualTo("Front desk");
    assertThat(snapshot.getWhatsapp().getBound()).isFalse();

    var history =
        stub.listPhoneNumberChanges(
            ListPhoneNumberChangesRequest.newBuilder()
                .setPhoneNumber(byId(id))
                .setPageSize(1)
                .build());
    assertThat(history.getChangesList())
        .singleElement()
        .satisfies(c -> assertThat(c.getResourceId()).endsWith("/call"));
    var older =
        stub.listPhoneNumberChanges(
            ListPhoneNumberChangesRequest.newBuilder()
                .setPhoneNumber(byId(id))
                .setPageSize(1)
                .setPageToken(history.getNextPageToken())
                .build());
    assertThat(older.getChanges(0).getRevision()).isLessThan(history.getChanges(0).getRevision());
    assertThat(older.getChanges(0).getAction()).isEqualTo(ChangeAction.CHANGE_ACTION_CREATED);

    failure(
        () ->
            stub.releasePhoneNumber(
                ReleasePhoneNumberRequest.newBuilder()
                    .setPhoneNumber(byId(id))
                    .setReturnToCarrier(true)
                    .build()),
        Code.PERMISSION_DENIED,
        "MISSING_SCOPE");
    failure(
        () ->
            stub.releasePhoneNumber(
                ReleasePhoneNumberRequest.newBuilder()
                    .setPhoneNumber(byId(id))
                    .setEtag("1")
                    .build()),
        Code.ABORTED,
        "ETAG_MISMATCH");
    PhoneNumber released =
        stub.releasePhoneNumber(
            ReleasePhoneNumberRequest.newBuilder().setPhoneNumber(byId(id)).build());
    assertThat(released.getStatus()).isEqualTo(NumberStatus.NUMBER_STATUS_RELEASED);
    assertThat(released.hasQuarantineEndTime()).isTrue();
    assertThat(released.getBindingsList()).isEmpty();
    failure(
        () ->
            stub.getPhoneNumber(
                GetPhoneNumberRequest.newBuilder().setPhoneNumber(byId(id)).build()),
        Code.NOT_FOUND,
        "PHONE_NUMBER_NOT_FOUND");
    failure(
        () ->
            stub.releasePhoneNumber(
                ReleasePhoneNumberRequest.newBuilder().setPhoneNumber(byId(id)).build()),
        Code.NOT_FOUND,
        "PHONE_NUMBER_NOT_FOUND");
  }

  @Test
  void authentication_failures_and_missing_scopes() {
    var acme = app.tenant("acme");
    var bought = acme.buy(nextNumber());
    var get =
        GetPhoneNumberRequest.newBuilder()
            .setPhoneNumber(byId(bought.number().id().toString()))
            .build();
    var anonymous = PhoneNumberServiceGrpc.newBlockingStub(server.channel());

    failure(() -> anonymous.getPhoneNumber(get), Code.UNAUTHENTICATED, "MISSING_CREDENTIALS");
    failure(
        () -> numbers("sb_live_not-a-key").getPhoneNumber(get),
        Code.UNAUTHENTICATED,
        "INVALID_CREDENTIALS");
    var basic = new Metadata();
    basic.put(AuthenticationInterceptor.AUTHORIZATION, "Basic dXNlcjpwYXNz");
    failure(
        () ->
            anonymous
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(basic))
                .getPhoneNumber(get),
        Code.UNAUTHENTICATED,
        "INVALID_CREDENTIALS");

    var created =
        app.useCases()
            .createApiKey()
            .createApiKey(app.operator(), acme.id(), "to revoke", Set.of(Scope.NUMBERS_READ));
    assertThat(numbers(created.secret()).getPhoneNumber(get).getId())
        .isEqualTo(bought.number().id().toString());
    app.useCases().revokeApiKey().revokeApiKey(app.operator(), acme.id(), created.key().id());
    failure(
        () -> numbers(created.secret()).getPhoneNumber(get),
        Code.UNAUTHENTICATED,
        "INVALID_CREDENTIALS");

    var readOnly = numbers(acme.apiKey(Scope.NUMBERS_READ));
    var denied =
        failure(
            () ->
                readOnly.updatePhoneNumber(
                    UpdatePhoneNumberRequest.newBuilder()
                        .setPhoneNumber(
                            PhoneNumber.newBuilder().setId(bought.number().id().toString()))
                        .setUpdateMask(FieldMask.newBuilder().addPaths("routing.label"))
                        .build()),
            Code.PERMISSION_DENIED,
            "MISSING_SCOPE");
    assertThat(errorInfo(denied).getMetadataMap()).containsEntry("required_scope", "numbers:write");
    failure(
        () -> numbers(acme.apiKey(Scope.ROUTING)).getPhoneNumber(get),
        Code.PERMISSION_DENIED,
        "MISSING_SCOPE");

    var health =
        HealthGrpc.newBlockingStub(server.channel()).check(HealthCheckRequest.getDefaultInstance());
    assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
  }

  @Test
  void the_request_id_is_echoed_and_recorded_on_the_change() {
    var acme = app.tenant("acme");
    var bought = acme.buy(nextNumber());
    String id = bought.number().id().toString();
    var sent = new Metadata();
    sent.put(RequestIdInterceptor.REQUEST_ID_HEADER, "trace-42");
    var headers = new AtomicReference<Metadata>();
    var trailers = new AtomicReference<Metadata>();
    var stub =
        numbers(acme.apiKey(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE))
            .withInterceptors(
                MetadataUtils.newAttachHeadersInterceptor(sent),
                MetadataUtils.newCaptureMetadataInterceptor(headers, trailers));

    stub.updatePhoneNumber(
        UpdatePhoneNumberRequest.newBuilder()
            .setPhoneNumber(
                PhoneNumber.newBuilder()
                    .setId(id)
                    .setRouting(Routing.newBuilder().setLabel("traced")))
            .setUpdateMask(FieldMask.newBuilder().addPaths("routing.label"))
            .build());

    assertThat(headers.get().get(RequestIdInterceptor.REQUEST_ID_HEADER)).isEqualTo("trace-42");
    var latest =
        stub.listPhoneNumberChanges(
                ListPhoneNumberChangesRequest.newBuilder()
                    .setPhoneNumber(byId(id))
                    .setPageSize(1)
                    .build())
            .getChanges(0);
    assertThat(latest.getRequestId()).isEqualTo("trace-42");
    assertThat(latest.getSourceApi()).isEqualTo("grpc");

    var failed =
        failure(
            () ->
                stub.getPhoneNumber(
                    GetPhoneNumberRequest.newBuilder()
                        .setPhoneNumber(byId(UUID.randomUUID().toString()))
                        .build()),
            Code.NOT_FOUND,
            "PHONE_NUMBER_NOT_FOUND");
    assertThat(GrpcTestServer.unpack(failed, com.google.rpc.RequestInfo.class).getRequestId())
        .isEqualTo("trace-42");
    assertThat(
            Optional.ofNullable(trailers.get().get(RequestIdInterceptor.REQUEST_ID_HEADER))
                .or(() ->
                    Optional.ofNullable(headers.get())
                        .map(h -> h.get(RequestIdInterceptor.REQUEST_ID_HEADER))))
        .contains("trace-42");
  }
}
