package io.switchboard.grpc;

import static io.switchboard.grpc.GrpcTestServer.as;
import static io.switchboard.grpc.GrpcTestServer.badFields;
import static io.switchboard.grpc.GrpcTestServer.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.FieldMask;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.Status.Code;
import io.switchboard.domain.org.Scope;
import io.switchboard.persistence.testing.TestApplication;
import io.switchboard.proto.v1.AdminServiceGrpc;
import io.switchboard.proto.v1.Agent;
import io.switchboard.proto.v1.AgentServiceGrpc;
import io.switchboard.proto.v1.AssignTrunkRequest;
import io.switchboard.proto.v1.AvailableNumber;
import io.switchboard.proto.v1.BindAgentRequest;
import io.switchboard.proto.v1.BindingConflictPolicy;
import io.switchboard.proto.v1.BindingServiceGrpc;
import io.switchboard.proto.v1.Channel;
import io.switchboard.proto.v1.CreateApiKeyRequest;
import io.switchboard.proto.v1.CreateOrganizationRequest;
import io.switchboard.proto.v1.CreateTrunkRequest;
import io.switchboard.proto.v1.DeleteTrunkRequest;
import io.switchboard.proto.v1.GetAgentRequest;
import io.switchboard.proto.v1.GetPhoneNumberRequest;
import io.switchboard.proto.v1.GetTrunkRequest;
import io.switchboard.proto.v1.ImportNumbersRequest;
import io.switchboard.proto.v1.ImportNumbersResponse;
import io.switchboard.proto.v1.InventoryServiceGrpc;
import io.switchboard.proto.v1.ListApiKeysRequest;
import io.switchboard.proto.v1.ListBindingsRequest;
import io.switchboard.proto.v1.ListTrunksRequest;
import io.switchboard.proto.v1.Money;
import io.switchboard.proto.v1.NumberType;
import io.switchboard.proto.v1.PhoneNumberRef;
import io.switchboard.proto.v1.PhoneNumberServiceGrpc;
import io.switchboard.proto.v1.ReleasePhoneNumberRequest;
import io.switchboard.proto.v1.RevokeApiKeyRequest;
import io.switchboard.proto.v1.SearchAvailableNumbersRequest;
import io.switchboard.proto.v1.SipSettings;
import io.switchboard.proto.v1.Trunk;
import io.switchboard.proto.v1.TrunkChannel;
import io.switchboard.proto.v1.TrunkDirection;
import io.switchboard.proto.v1.TrunkRef;
import io.switchboard.proto.v1.TrunkServiceGrpc;
import io.switchboard.proto.v1.UnbindAgentRequest;
import io.switchboard.proto.v1.UpdateTrunkRequest;
import io.switchboard.proto.v1.UpsertAgentRequest;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TrunkService, BindingService, AgentService, InventoryService and AdminService over a real server.
 */
class ResourceServicesGrpcIT {

  static TestApplication app;
  static GrpcTestServer server;
  static final AtomicInteger NUMBERS = new AtomicInteger(3000);

  @BeforeAll
  static void start() {
    app = TestApplication.start(ResourceServicesGrpcIT.class);
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

  static Agent agent(String id, String name) {
    return Agent.newBuilder().setId(id).setDisplayName(name).build();
  }

  @Test
  void trunks_are_created_read_listed_updated_by_mask_assigned_and_deleted() {
    var acme = app.tenant("acme");
    String key = acme.apiKey(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE);
    var trunks = as(TrunkServiceGrpc.newBlockingStub(server.channel()), key);
    acme.agent("t-1", "One");
    acme.agent("t-2", "Two");
    String e164 = nextNumber();

    Trunk created =
        trunks.createTrunk(
            CreateTrunkRequest.newBuilder()
                .setAgentId("t-1")
                .setTrunk(
                    Trunk.newBuilder()
                        .setNumber(e164)
                        .setChannel(TrunkChannel.TRUNK_CHANNEL_CALL)
                        .setSip(
                            SipSettings.newBuilder()
                                .setGateway("sip.example.com")
                                .setPort(5080)
                                .setPassword("pw"))
                        .setAdditionalSettings(
                            Struct.newBuilder()
                                .putFields(
                                    "ani_format",
                                    Value.newBuilder().setStringValue("e164").build())))
                .build());
    assertThat(created.getName()).isEqualTo("call_trunk_" + e164.substring(1));
    assertThat(created.getDirection()).isEqualTo(TrunkDirection.TRUNK_DIRECTION_BOTH);
    assertThat(created.getAgent().getAgentId()).isEqualTo("t-1");
    assertThat(created.getSip().getPasswordSet()).isTrue();
    assertThat(created.getSip().getUsernameSet()).isFalse();
    assertThat(created.getAdditionalSettings().getFieldsOrThrow("ani_format").getStringValue())
        .isEqualTo("e164");

    var byKey =
        TrunkRef.newBuilder()
            .setKey(
                TrunkRef.Key.newBuilder()
                    .setNumber(e164)
                    .setChannel(TrunkChannel.TRUNK_CHANNEL_CALL))
            .build();
    assertThat(trunks.getTrunk(GetTrunkRequest.newBuilder().setTrunk(byKey).build()).getId())
        .isEqualTo(created.getId());
    failure(
        () ->
            trunks.createTrunk(
                CreateTrunkRequest.newBuilder()
                    .setTrunk(
                        Trunk.newBuilder()
                            .setNumber(e164)
                            .setChannel(TrunkChannel.TRUNK_CHANNEL_CALL))
                    .build()),
        Code.ALREADY_EXISTS,
        "TRUNK_ALREADY_EXISTS");
    assertThat(
            badFields(
                failure(
                    () ->
                        trunks.createTrunk(
                            CreateTrunkRequest.newBuilder()
                                .setTrunk(
                                    Trunk.newBuilder()
                                        .setNumber("nope")
                                        .setSip(SipSettings.newBuilder().setGateway("http://x/y")))
                                .build()),
                    Code.INVALID_ARGUMENT,
                    "INVALID_ARGUMENT")))
        .containsExactlyInAnyOrder("trunk.number", "trunk.channel", "trunk.sip.gateway");
    var purchased = acme.buy(nextNumber());
    failure(
        () ->
            trunks.createTrunk(
                CreateTrunkRequest.newBuilder()
                    .setTrunk(
                        Trunk.newBuilder()
                            .setNumber(purchased.number().number().value())
                            .setChannel(TrunkChannel.TRUNK_CHANNEL_CALL))
                    .build()),
        Code.ALREADY_EXISTS,
        "PHONE_NUMBER_IS_PURCHASED");

    Trunk updated =
        trunks.updateTrunk(
            UpdateTrunkRequest.newBuilder()
                .setTrunk(
                    Trunk.newBuilder()
                        .setId(created.getId())
                        .setEtag(created.getEtag())
                        .setName("Main line")
                        .setDirection(TrunkDirection.TRUNK_DIRECTION_INBOUND)
                        .setSip(SipSettings.newBuilder().setUsername("bob").setPort(1)))
                .setUpdateMask(FieldMask.newBuilder().addPaths("name").addPaths("sip.username"))
                .build());
    assertThat(updated.getName()).isEqualTo("Main line");
    assertThat(updated.getDirection())
        .as("not masked")
        .isEqualTo(TrunkDirection.TRUNK_DIRECTION_BOTH);
    assertThat(updated.getSip().getPort()).as("not masked").isEqualTo(5080);
    assertThat(updated.getSip().getUsernameSet()).isTrue();
    assertThat(updated.getSip().getUsername()).isEmpty();
    failure(
        () ->
            trunks.updateTrunk(
                UpdateTrunkRequest.newBuilder()
                    .setTrunk(
                        Trunk.newBuilder()
                            .setId(created.getId())
                            .setEtag(created.getEtag())
                            .setName("Stale"))
                    .setUpdateMask(FieldMask.newBuilder().addPaths("name"))
                    .build()),
        Code.ABORTED,
        "ETAG_MISMATCH");
    assertThat(
            badFields(
                failure(
                    () ->
                        trunks.updateTrunk(
                            UpdateTrunkRequest.newBuilder()
                                .setTrunk(Trunk.newBuilder().setId(created.getId()))
                                .setUpdateMask(FieldMask.newBuilder().addPaths("number"))
                                .build()),
                    Code.INVALID_ARGUMENT,
                    "INVALID_ARGUMENT")))
        .containsExactly("update_mask");
    Trunk cleared =
        trunks.updateTrunk(
            UpdateTrunkRequest.newBuilder()
                .setTrunk(
                    Trunk.newBuilder().setNumber(e164).setChannel(TrunkChannel.TRUNK_CHANNEL_CALL))
                .setUpdateMask(
                    FieldMask.newBuilder().addPaths("sip.password").addPaths("additional_settings"))
                .build());
    assertThat(cleared.getSip().getPasswordSet()).isFalse();
    assertThat(cleared.getAdditionalSettings().getFieldsCount()).isZero();

    failure(
        () ->
            trunks.assignTrunk(
                AssignTrunkRequest.newBuilder().setTrunk(byKey).setAgentId("ghost").build()),
        Code.NOT_FOUND,
        "AGENT_NOT_FOUND");
    assertThat(
            trunks
                .assignTrunk(
                    AssignTrunkRequest.newBuilder().setTrunk(byKey).setAgentId("t-2").build())
                .getAgent()
                .getAgentId())
        .isEqualTo("t-2");

    var listed =
        trunks.listTrunks(
            ListTrunksRequest.newBuilder()
                .setChannel(TrunkChannel.TRUNK_CHANNEL_CALL)
                .setPageSize(1)
                .build());
    assertThat(listed.getTrunksList()).extracting(Trunk::getId).containsExactly(created.getId());
    failure(
        () ->
            trunks.listTrunks(
                ListTrunksRequest.newBuilder()
                    .setChannel(TrunkChannel.TRUNK_CHANNEL_WHATSAPP)
                    .setPageToken(
                        new PageTokens(app.useCases().tokenSigner())
                            .encode("trunks|CALL", java.util.List.of(created.getId())))
                    .build()),
        Code.INVALID_ARGUMENT,
        "INVALID_PAGE_TOKEN");

    var numbers = as(PhoneNumberServiceGrpc.newBlockingStub(server.channel()), key);
    failure(
        () ->
            numbers.releasePhoneNumber(
                ReleasePhoneNumberRequest.newBuilder()
                    .setPhoneNumber(PhoneNumberRef.newBuilder().setNumber(e164))
                    .build()),
        Code.FAILED_PRECONDITION,
        "PHONE_NUMBER_IS_EXTERNAL");

    trunks.deleteTrunk(
        DeleteTrunkRequest.newBuilder()
            .setTrunk(TrunkRef.newBuilder().setId(created.getId()))
            .build());
    failure(
        () -> trunks.getTrunk(GetTrunkRequest.newBuilder().setTrunk(byKey).build()),
        Code.NOT_FOUND,
        "TRUNK_NOT_FOUND");
    failure(
        () ->
            numbers.getPhoneNumber(
                GetPhoneNumberRequest.newBuilder()
                    .setPhoneNumber(PhoneNumberRef.newBuilder().setNumber(e164))
                    .build()),
        Code.NOT_FOUND,
        "PHONE_NUMBER_NOT_FOUND");
  }

  @Test
  void agents_and_bindings() {
    var acme = app.tenant("acme");
    String key = acme.apiKey(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE);
    var agents = as(AgentServiceGrpc.newBlockingStub(server.channel()), key);
    var bindings = as(BindingServiceGrpc.newBlockingStub(server.channel()), key);

    assertThat(
            agents
                .upsertAgent(
                    UpsertAgentRequest.newBuilder().setAgent(agent("b-1", "First")).build())
                .getDisplayName())
        .isEqualTo("First");
    assertThat(
            agents
                .upsertAgent(
                    UpsertAgentRequest.newBuilder().setAgent(agent("b-1", "Renamed")).build())
                .getDisplayName())
        .isEqualTo("Renamed");
    agents.upsertAgent(UpsertAgentRequest.newBuilder().setAgent(agent("b-2", "Second")).build());
    assertThat(agents.getAgent(GetAgentRequest.newBuilder().setId("b-1").build()).getDisplayName())
        .isEqualTo("Renamed");
    failure(
        () -> agents.getAgent(GetAgentRequest.newBuilder().setId("nobody").build()),
        Code.NOT_FOUND,
        "AGENT_NOT_FOUND");
    assertThat(
            badFields(
                failure(
                    () ->
                        agents.upsertAgent(
                            UpsertAgentRequest.newBuilder()
                                .setAgent(agent("bad id!", " "))
                                .build()),
                    Code.INVALID_ARGUMENT,
                    "INVALID_ARGUMENT")))
        .containsExactly("agent.id");
    failure(
        () ->
            as(
                    AgentServiceGrpc.newBlockingStub(server.channel()),
                    app.tenant("other").apiKey(Scope.NUMBERS_READ))
                .getAgent(GetAgentRequest.newBuilder().setId("b-1").build()),
        Code.NOT_FOUND,
        "AGENT_NOT_FOUND");

    var first = acme.buy(nextNumber());
    var second = acme.buy(nextNumber());
    var firstRef = PhoneNumberRef.newBuilder().setId(first.number().id().toString()).build();
    var secondRef = PhoneNumberRef.newBuilder().setId(second.number().id().toString()).build();
    var bound =
        bindings.bindAgent(
            BindAgentRequest.newBuilder()
                .setPhoneNumber(firstRef)
                .setChannel(Channel.CHANNEL_SMS)
                .setAgentId("b-1")
                .build());
    assertThat(bound.getBindingsList())
        .singleElement()
        .satisfies(b -> assertThat(b.getAgentName()).isEqualTo("Renamed"));
    failure(
        () ->
            bindings.bindAgent(
                BindAgentRequest.newBuilder()
                    .setPhoneNumber(firstRef)
                    .setChannel(Channel.CHANNEL_SMS)
                    .setAgentId("b-2")
                    .build()),
        Code.ALREADY_EXISTS,
        "NUMBER_ALREADY_BOUND");
    failure(
        () ->
            bindings.bindAgent(
                BindAgentRequest.newBuilder()
                    .setPhoneNumber(secondRef)
                    .setChannel(Channel.CHANNEL_SMS)
                    .setAgentId("b-1")
                    .build()),
        Code.ALREADY_EXISTS,
        "AGENT_ALREADY_BOUND");
    bindings.bindAgent(
        BindAgentRequest.newBuilder()
            .setPhoneNumber(secondRef)
            .setChannel(Channel.CHANNEL_SMS)
            .setAgentId("b-1")
            .setConflictPolicy(BindingConflictPolicy.BINDING_CONFLICT_POLICY_MOVE_AGENT)
            .build());
    assertThat(
            bindings
                .listBindings(ListBindingsRequest.newBuilder().setAgentId("b-1").build())
                .getBindingsList())
        .singleElement()
        .satisfies(
            b -> assertThat(b.getPhoneNumberId()).isEqualTo(second.number().id().toString()));
    failure(
        () ->
            bindings.bindAgent(
                BindAgentRequest.newBuilder()
                    .setPhoneNumber(firstRef)
                    .setChannel(Channel.CHANNEL_CALL)
                    .setAgentId("ghost")
                    .build()),
        Code.NOT_FOUND,
        "AGENT_NOT_FOUND");
    assertThat(
            badFields(
                failure(
                    () ->
                        bindings.bindAgent(
                            BindAgentRequest.newBuilder()
                                .setPhoneNumber(firstRef)
                                .setAgentId("b-2")
                                .build()),
                    Code.INVALID_ARGUMENT,
                    "INVALID_ARGUMENT")))
        .containsExactly("channel");

    var unbound =
        bindings.unbindAgent(
            UnbindAgentRequest.newBuilder()
                .setAgentId("b-1")
                .setChannel(Channel.CHANNEL_SMS)
                .build());
    assertThat(unbound.getPhoneNumbersList())
        .singleElement()
        .satisfies(n -> assertThat(n.getBindingsList()).isEmpty());
    failure(
        () ->
            bindings.unbindAgent(
                UnbindAgentRequest.newBuilder()
                    .setPhoneNumber(firstRef)
                    .setChannel(Channel.CHANNEL_SMS)
                    .build()),
        Code.NOT_FOUND,
        "BINDING_NOT_FOUND");
  }

  @Test
  void inventory_import_reports_per_item_and_search_finds_what_can_be_bought() {
    var operator = app.tenant("ops");
    var inventory =
        as(
            InventoryServiceGrpc.newBlockingStub(server.channel()),
            operator.apiKey(Scope.INVENTORY_WRITE, Scope.NUMBERS_READ, Scope.NUMBERS_WRITE));
    String fresh = "+1208555" + NUMBERS.getAndIncrement();
    String stocked = nextNumber();
    app.stock(stocked);
    String held = operator.buy(nextNumber()).number().number().value();
    var item =
        AvailableNumber.newBuilder()
            .setType(NumberType.NUMBER_TYPE_LOCAL)
            .setMonthlyFee(Money.newBuilder().setAmount("2.25").setCurrency("USD"))
            .setLocation("Boise");

    ImportNumbersResponse imported =
        inventory.importNumbers(
            ImportNumbersRequest.newBuilder()
                .addNumbers(item.clone().setNumber(fresh))
                .addNumbers(item.clone().setNumber(stocked))
                .addNumbers(item.clone().setNumber(held))
                .build());
    assertThat(imported.getResultsList())
        .extracting(ImportNumbersResponse.Result::getOutcome)
        .containsExactly(
            ImportNumbersResponse.Result.Outcome.OUTCOME_IMPORTED,
            ImportNumbersResponse.Result.Outcome.OUTCOME_ALREADY_IN_STOCK,
            ImportNumbersResponse.Result.Outcome.OUTCOME_HELD_BY_AN_ORGANIZATION);
    assertThat(
            badFields(
                failure(
                    () ->
                        inventory.importNumbers(
                            ImportNumbersRequest.newBuilder()
                                .addNumbers(item.clone().setNumber(nextNumber()))
                                .addNumbers(
                                    item.clone()
                                        .setNumber("bad")
                                        .setType(NumberType.NUMBER_TYPE_UNSPECIFIED)
                                        .setMonthlyFee(
                                            Money.newBuilder().setAmount("x").setCurrency("EUR")))
                                .build()),
                    Code.INVALID_ARGUMENT,
                    "INVALID_ARGUMENT")))
        .containsExactlyInAnyOrder(
            "numbers[1].number", "numbers[1].type", "numbers[1].monthly_fee.amount");

    var found =
        inventory.searchAvailableNumbers(
            SearchAvailableNumbersRequest.newBuilder()
                .setCountryCode("us")
                .setPattern(fresh.substring(1, 8))
                .build());
    assertThat(found.getAvailableNumbersList())
        .extracting(AvailableNumber::getNumber)
        .contains(fresh)
        .doesNotContain(held);
    assertThat(found.getAvailableNumbersList())
        .filteredOn(n -> n.getNumber().equals(fresh))
        .singleElement()
        .satisfies(n -> assertThat(n.getMonthlyFee().getAmount()).isEqualTo("2.25"));
    assertThat(
            badFields(
                failure(
                    () ->
                        inventory.searchAvailableNumbers(
                            SearchAvailableNumbersRequest.newBuilder().setAreaCode("20").build()),
                    Code.INVALID_ARGUMENT,
                    "INVALID_ARGUMENT")))
        .containsExactly("area_code");
    failure(
        () ->
            as(
                    InventoryServiceGrpc.newBlockingStub(server.channel()),
                    operator.apiKey(Scope.NUMBERS_WRITE))
                .importNumbers(
                    ImportNumbersRequest.newBuilder()
                        .addNumbers(item.clone().setNumber(nextNumber()))
                        .build()),
        Code.PERMISSION_DENIED,
        "MISSING_SCOPE");
  }

  @Test
  void admin_creates_organizations_and_keys_whose_secret_is_shown_once() {
    var admin =
        as(
            AdminServiceGrpc.newBlockingStub(server.channel()),
            app.tenant("ops").apiKey(Scope.ADMIN));
    var org =
        admin.createOrganization(
            CreateOrganizationRequest.newBuilder()
                .setName("grpc-org-" + UUID.randomUUID())
                .setPurchaseLimit(5)
                .build());
    assertThat(org.getPurchaseLimit()).isEqualTo(5);
    failure(
        () ->
            admin.createOrganization(
                CreateOrganizationRequest.newBuilder().setName(org.getName()).build()),
        Code.ALREADY_EXISTS,
        "ORGANIZATION_ALREADY_EXISTS");

    // issue 13.16: internal scopes act platform-wide, so a tenant's key never holds one
    assertThat(
            badFields(
                failure(
                    () ->
                        admin.createApiKey(
                            CreateApiKeyRequest.newBuilder()
                                .setOrganizationId(org.getId())
                                .setName("router")
                                .addScopes("internal:routing")
                                .addScopes("numbers:read")
                                .build()),
                    Code.INVALID_ARGUMENT,
                    "INVALID_ARGUMENT")))
        .containsExactly("scopes");
    var request =
        CreateApiKeyRequest.newBuilder()
            .setOrganizationId(org.getId())
            .setName("reader")
            .addScopes("numbers:write")
            .addScopes("numbers:read")
            .setRequestId(UUID.randomUUID().toString())
            .build();
    var created = admin.createApiKey(request);
    assertThat(created.getSecret()).startsWith("sb_live_");
    assertThat(created.getApiKey().getScopesList())
        .containsExactly("numbers:read", "numbers:write");
    var replay = admin.createApiKey(request);
    assertThat(replay.getApiKey()).isEqualTo(created.getApiKey());
    assertThat(replay.getSecret())
        .as("the secret is never stored, so a replay cannot show it")
        .isEmpty();
    assertThat(
            admin
                .listApiKeys(ListApiKeysRequest.newBuilder().setOrganizationId(org.getId()).build())
                .getApiKeysList())
        .singleElement()
        .satisfies(k -> assertThat(k.toString()).doesNotContain(created.getSecret()));

    var numbers = as(PhoneNumberServiceGrpc.newBlockingStub(server.channel()), created.getSecret());
    failure(
        () ->
            numbers.getPhoneNumber(
                GetPhoneNumberRequest.newBuilder()
                    .setPhoneNumber(PhoneNumberRef.newBuilder().setId(UUID.randomUUID().toString()))
                    .build()),
        Code.NOT_FOUND,
        "PHONE_NUMBER_NOT_FOUND");
    var revoked =
        admin.revokeApiKey(
            RevokeApiKeyRequest.newBuilder()
                .setOrganizationId(org.getId())
                .setApiKeyId(created.getApiKey().getId())
                .build());
    assertThat(revoked.hasRevokeTime()).isTrue();
    failure(
        () ->
            numbers.getPhoneNumber(
                GetPhoneNumberRequest.newBuilder()
                    .setPhoneNumber(PhoneNumberRef.newBuilder().setId(UUID.randomUUID().toString()))
                    .build()),
        Code.UNAUTHENTICATED,
        "INVALID_CREDENTIALS");

    assertThat(
            badFields(
                failure(
                    () ->
                        admin.createApiKey(
                            CreateApiKeyRequest.newBuilder()
                                .setOrganizationId(org.getId())
                                .setName("x")
                                .addScopes("root")
                                .build()),
                    Code.INVALID_ARGUMENT,
                    "INVALID_ARGUMENT")))
        .containsExactly("scopes");
    failure(
        () ->
            admin.revokeApiKey(
                RevokeApiKeyRequest.newBuilder()
                    .setOrganizationId(org.getId())
                    .setApiKeyId(UUID.randomUUID().toString())
                    .build()),
        Code.NOT_FOUND,
        "API_KEY_NOT_FOUND");
    failure(
        () ->
            admin.createApiKey(
                CreateApiKeyRequest.newBuilder()
                    .setOrganizationId(UUID.randomUUID().toString())
                    .setName("x")
                    .addScopes("numbers:read")
                    .build()),
        Code.NOT_FOUND,
        "ORGANIZATION_NOT_FOUND");
    failure(
        () ->
            as(AdminServiceGrpc.newBlockingStub(server.channel()), app.tenant("user").apiKey())
                .listApiKeys(
                    ListApiKeysRequest.newBuilder().setOrganizationId(org.getId()).build()),
        Code.PERMISSION_DENIED,
        "MISSING_SCOPE");
  }
}
