package io.switchboard.bootstrap.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.longrunning.ListOperationsRequest;
import com.google.longrunning.Operation;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.switchboard.bootstrap.JobCalls;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.org.Scope;
import io.switchboard.proto.v1.AdminServiceGrpc;
import io.switchboard.proto.v1.Agent;
import io.switchboard.proto.v1.AgentServiceGrpc;
import io.switchboard.proto.v1.AssignTrunkRequest;
import io.switchboard.proto.v1.AuditServiceGrpc;
import io.switchboard.proto.v1.AvailableNumber;
import io.switchboard.proto.v1.BindAgentRequest;
import io.switchboard.proto.v1.BindingServiceGrpc;
import io.switchboard.proto.v1.Channel;
import io.switchboard.proto.v1.CreateApiKeyRequest;
import io.switchboard.proto.v1.CreateOrganizationRequest;
import io.switchboard.proto.v1.CreateTrunkRequest;
import io.switchboard.proto.v1.CreateWebhookEndpointRequest;
import io.switchboard.proto.v1.DeleteTrunkRequest;
import io.switchboard.proto.v1.DeleteWebhookEndpointRequest;
import io.switchboard.proto.v1.ExportChangesRequest;
import io.switchboard.proto.v1.ExportFormat;
import io.switchboard.proto.v1.GetAgentRequest;
import io.switchboard.proto.v1.GetChannelSnapshotRequest;
import io.switchboard.proto.v1.GetPhoneNumberRequest;
import io.switchboard.proto.v1.GetTrunkCredentialsRequest;
import io.switchboard.proto.v1.GetTrunkRequest;
import io.switchboard.proto.v1.GetWebhookEndpointRequest;
import io.switchboard.proto.v1.ImportNumbersRequest;
import io.switchboard.proto.v1.InventoryServiceGrpc;
import io.switchboard.proto.v1.JobServiceGrpc;
import io.switchboard.proto.v1.ListApiKeysRequest;
import io.switchboard.proto.v1.ListBindingsRequest;
import io.switchboard.proto.v1.ListChangesRequest;
import io.switchboard.proto.v1.ListChangesResponse;
import io.switchboard.proto.v1.ListJobItemFailuresRequest;
import io.switchboard.proto.v1.ListPhoneNumberChangesRequest;
import io.switchboard.proto.v1.ListPhoneNumbersRequest;
import io.switchboard.proto.v1.ListTrunksRequest;
import io.switchboard.proto.v1.ListWebhookDeliveriesRequest;
import io.switchboard.proto.v1.ListWebhookEndpointsRequest;
import io.switchboard.proto.v1.OrderPhoneNumbersRequest;
import io.switchboard.proto.v1.PhoneNumber;
import io.switchboard.proto.v1.PhoneNumberRef;
import io.switchboard.proto.v1.PhoneNumberServiceGrpc;
import io.switchboard.proto.v1.PreviewRoutingRequest;
import io.switchboard.proto.v1.PurchasePhoneNumberRequest;
import io.switchboard.proto.v1.ReleasePhoneNumberRequest;
import io.switchboard.proto.v1.ReplayWebhookDeliveryRequest;
import io.switchboard.proto.v1.ResolveInboundRequest;
import io.switchboard.proto.v1.ResourceType;
import io.switchboard.proto.v1.RevokeApiKeyRequest;
import io.switchboard.proto.v1.RollWebhookSecretRequest;
import io.switchboard.proto.v1.Routing;
import io.switchboard.proto.v1.RoutingServiceGrpc;
import io.switchboard.proto.v1.SearchAvailableNumbersRequest;
import io.switchboard.proto.v1.SipSettings;
import io.switchboard.proto.v1.StartImportNumbersJobRequest;
import io.switchboard.proto.v1.StartReleaseNumbersJobRequest;
import io.switchboard.proto.v1.StartUpdateNumbersJobRequest;
import io.switchboard.proto.v1.Trunk;
import io.switchboard.proto.v1.TrunkChannel;
import io.switchboard.proto.v1.TrunkRef;
import io.switchboard.proto.v1.TrunkServiceGrpc;
import io.switchboard.proto.v1.UnbindAgentRequest;
import io.switchboard.proto.v1.UpdatePhoneNumberRequest;
import io.switchboard.proto.v1.UpdateTrunkRequest;
import io.switchboard.proto.v1.UpdateWebhookEndpointRequest;
import io.switchboard.proto.v1.UpsertAgentRequest;
import io.switchboard.proto.v1.WatchChangesRequest;
import io.switchboard.proto.v1.WebhookEndpoint;
import io.switchboard.proto.v1.WebhookServiceGrpc;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Case 8: a key of organization A (numbers:read and numbers:write, the scopes a tenant's key has)
 * tries every REST route of every dialect and every gRPC method against organization B's number,
 * external number, trunk, binding, agent and history. Each attempt must end NOT_FOUND / 404 (never
 * PERMISSION_DENIED / 403, which would confirm that the thing exists), lists must leave B's things
 * out, refusals must not name any of B's identifiers, and B's data must be byte-for-byte the same
 * afterwards. The internal scopes (routing, trunk credentials, admin, inventory import) are
 * platform-level by design: A's key lacks them, so those methods answer PERMISSION_DENIED whatever
 * they are asked for.
 */
class TenantIsolationIT {
  private static RunningService service;
  private static String keyA;
  private static String keyB;
  private static String orgB;
  private static final String NUMBER_B = "+12085550400";
  private static final String EXTERNAL_B = "+12085550401";
  private static final String NUMBER_A = "+12085550500";
  private static final String FREE = "+12085550599";
  private static final String AGENT_B = UUID.randomUUID().toString();
  private static final String AGENT_A = UUID.randomUUID().toString();

  /** Only for the UpsertAgent attempt, which gives A an agent of its own under this id. */
  private static final String AGENT_B2 = UUID.randomUUID().toString();

  private static String numberIdB;
  private static String externalIdB;
  private static String trunkIdB;
  private static String numberIdA;
  private static String webhookIdB;

  /** What a list or feed of A's must never show. */
  private static List<String> secretsOfB;

  /**
   * What no refusal may show: an error may echo the id A sent, but nothing of B that A did not
   * send.
   */
  private static List<String> internalsOfB;

  private static int attempts;

  @BeforeAll
  static void start() {
    service = RunningService.start(TenantIsolationIT.class);
    RunningService.Tenant a = service.tenant("tenant-a");
    RunningService.Tenant b = service.tenant("tenant-b");
    orgB = b.id();
    keyA = a.apiKey(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE);
    keyB = b.apiKey(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE);
    service.useCases().upsertAgent().upsert(b.context(), new AgentId(AGENT_B), "Agent of B");
    service
        .useCases()
        .upsertAgent()
        .upsert(b.context(), new AgentId(AGENT_B2), "Second agent of B");
    service.useCases().upsertAgent().upsert(a.context(), new AgentId(AGENT_A), "Agent of A");
    numberIdB = b.buy(NUMBER_B).number().id().toString();
    numberIdA = a.buy(NUMBER_A).number().id().toString();
    service.stock(FREE);
    ok(
        service.http(
            "POST",
            "/api/v1/agents/" + AGENT_B + "/channels/call/provision",
            keyB,
            "{\"phone_number_uuid\":\"" + numberIdB + "\"}"));
    ok(
        service.http(
            "PATCH",
            "/v1/phone-numbers/" + numberIdB,
            keyB,
            "{\"label\":\"secret label of B\",\"inbound_url\":\"https://b.example/in\"}"));
    ok(
        service.http(
            "POST",
            "/api/v1/phone-numbers/trunks",
            keyB,
            "{\"phone_number\":\""
                + EXTERNAL_B
                + "\",\"channel\":\"call\",\"sip\":{\"gateway\":\"sip.b.example\",\"password\":\"pw-of-b\"}}"));
    Trunk trunk =
        TrunkServiceGrpc.newBlockingStub(service.channel(keyB))
            .listTrunks(ListTrunksRequest.getDefaultInstance())
            .getTrunks(0);
    trunkIdB = trunk.getId();
    externalIdB = trunk.getPhoneNumberId();
    HttpResponse<String> hook =
        service.http(
            "POST",
            "/v1/webhook-endpoints",
            keyB,
            "{\"url\":\"https://hooks.b.example/in\",\"event_types\":[\"number.updated\"],"
                + "\"description\":\"webhook of B\"}");
    ok(hook);
    var id = java.util.regex.Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(hook.body());
    assertThat(id.find()).as(hook.body()).isTrue();
    webhookIdB = id.group(1);
    internalsOfB =
        List.of(
            orgB,
            "secret label of B",
            "b.example",
            "Agent of B",
            "Second agent of B",
            "pw-of-b",
            "webhook of B");
    // agent ids are per organization: A registers its own agent under AGENT_B2, so that id is left
    // out
    secretsOfB = new ArrayList<>(internalsOfB);
    secretsOfB.addAll(
        List.of(numberIdB, externalIdB, trunkIdB, AGENT_B, webhookIdB, "2085550400", "2085550401"));
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  private static void ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
  }

  @Test
  void a_key_of_one_organization_cannot_read_change_or_detect_another_organizations_data() {
    String before = stateOfB();
    Map<String, Runnable> grpc = grpcAttempts();
    Map<String, Runnable> rest = restAttempts();

    assertThat(grpc.keySet())
        .as("every gRPC method has an isolation check")
        .containsExactlyInAnyOrderElementsOf(Endpoints.grpcMethods(service.useCases()));
    assertThat(rest.keySet())
        .as("every REST route has an isolation check")
        .containsExactlyInAnyOrderElementsOf(Endpoints.restRoutes(service.useCases()));
    List<String> failures = new ArrayList<>();
    for (var check : List.of(grpc, rest)) {
      check.forEach((endpoint, attempt) -> {
        try {
          attempt.run();
        } catch (AssertionError e) {
          failures.add(endpoint + ": " + e.getMessage());
        }
      });
    }
    String after = stateOfB();
    System.out.printf(
        "RELIABILITY tenant-isolation: %d gRPC methods and %d REST routes, %d cross-tenant attempts, "
            + "%d leaks, B's data %s%n",
        grpc.size(),
        rest.size(),
        attempts,
        failures.size(),
        after.equals(before) ? "unchanged" : "CHANGED");
    assertThat(failures).isEmpty();
    assertThat(after).isEqualTo(before);
  }

  /**
   * Everything B has, as B sees it over gRPC: numbers (with etags), trunks, bindings, agent and
   * history.
   */
  private static String stateOfB() {
    ManagedChannel b = service.channel(keyB);
    var numbers = PhoneNumberServiceGrpc.newBlockingStub(b);
    StringBuilder state = new StringBuilder();
    state.append(
        numbers.listPhoneNumbers(
            ListPhoneNumbersRequest.newBuilder()
                .setFilter("include_external = true")
                .setPageSize(1000)
                .build()));
    state.append(
        TrunkServiceGrpc.newBlockingStub(b)
            .listTrunks(ListTrunksRequest.newBuilder().setPageSize(1000).build()));
    state.append(
        BindingServiceGrpc.newBlockingStub(b)
            .listBindings(ListBindingsRequest.getDefaultInstance()));
    for (String agent : List.of(AGENT_B, AGENT_B2)) {
      state.append(
          AgentServiceGrpc.newBlockingStub(b)
              .getAgent(GetAgentRequest.newBuilder().setId(agent).build()));
    }
    for (String id : List.of(numberIdB, externalIdB)) {
      state.append(
          numbers.listPhoneNumberChanges(
              ListPhoneNumberChangesRequest.newBuilder()
                  .setPhoneNumber(PhoneNumberRef.newBuilder().setId(id))
                  .setPageSize(1000)
                  .build()));
    }
    var webhooks = WebhookServiceGrpc.newBlockingStub(b);
    state.append(webhooks.listWebhookEndpoints(ListWebhookEndpointsRequest.getDefaultInstance()));
    state.append(
        webhooks.listWebhookDeliveries(
            ListWebhookDeliveriesRequest.newBuilder().setEndpointId(webhookIdB).build()));
    return state.toString();
  }

  // --- gRPC
  // ------------------------------------------------------------------------------------------------------

  private static Map<String, Runnable> grpcAttempts() {
    ManagedChannel a = service.channel(keyA);
    var numbers = PhoneNumberServiceGrpc.newBlockingStub(a);
    var trunks = TrunkServiceGrpc.newBlockingStub(a);
    var bindings = BindingServiceGrpc.newBlockingStub(a);
    var agents = AgentServiceGrpc.newBlockingStub(a);
    var inventory = InventoryServiceGrpc.newBlockingStub(a);
    var admin = AdminServiceGrpc.newBlockingStub(a);
    var routing = RoutingServiceGrpc.newBlockingStub(a);
    PhoneNumberRef byId = PhoneNumberRef.newBuilder().setId(numberIdB).build();
    PhoneNumberRef byNumber = PhoneNumberRef.newBuilder().setNumber(NUMBER_B).build();
    PhoneNumberRef externalById = PhoneNumberRef.newBuilder().setId(externalIdB).build();
    TrunkRef trunkById = TrunkRef.newBuilder().setId(trunkIdB).build();
    TrunkRef trunkByKey =
        TrunkRef.newBuilder()
            .setKey(
                TrunkRef.Key.newBuilder()
                    .setNumber(EXTERNAL_B)
                    .setChannel(TrunkChannel.TRUNK_CHANNEL_CALL))
            .build();
    Map<String, Runnable> checks = new LinkedHashMap<>();
    checks.put(
        "PhoneNumberService/GetPhoneNumber",
        () -> {
          for (PhoneNumberRef ref : List.of(byId, byNumber, externalById)) {
            notFound(() ->
                numbers.getPhoneNumber(
                    GetPhoneNumberRequest.newBuilder().setPhoneNumber(ref).build()));
          }
        });
    checks.put(
        "PhoneNumberService/ListPhoneNumbers",
        () -> {
          for (String filter :
              List.of(
                  "include_external = true",
                  "search = \"2085550400\" AND include_external = true",
                  "bound_agent = \"" + AGENT_B + "\"")) {
            hidden(
                numbers
                    .listPhoneNumbers(
                        ListPhoneNumbersRequest.newBuilder()
                            .setFilter(filter)
                            .setPageSize(1000)
                            .build())
                    .toString());
          }
        });
    checks.put(
        "PhoneNumberService/UpdatePhoneNumber",
        () -> {
          for (PhoneNumber target :
              List.of(
                  PhoneNumber.newBuilder().setId(numberIdB).build(),
                  PhoneNumber.newBuilder().setNumber(NUMBER_B).build())) {
            notFound(() ->
                numbers.updatePhoneNumber(
                    UpdatePhoneNumberRequest.newBuilder()
                        .setPhoneNumber(
                            target.toBuilder()
                                .setRouting(Routing.newBuilder().setLabel("taken over")))
                        .setUpdateMask(FieldMask.newBuilder().addPaths("routing.label"))
                        .build()));
          }
        });
    checks.put(
        "PhoneNumberService/GetChannelSnapshot",
        () ->
            notFound(() ->
                numbers.getChannelSnapshot(
                    GetChannelSnapshotRequest.newBuilder().setPhoneNumber(byNumber).build())));
    checks.put(
        "PhoneNumberService/PurchasePhoneNumber",
        () ->
            refusedWithoutDetails(() ->
                numbers.purchasePhoneNumber(
                    PurchasePhoneNumberRequest.newBuilder().setNumber(NUMBER_B).build())));
    checks.put(
        "PhoneNumberService/OrderPhoneNumbers",
        () ->
            refusedWithoutDetails(() ->
                numbers.orderPhoneNumbers(
                    OrderPhoneNumbersRequest.newBuilder()
                        .addNumbers(NUMBER_B)
                        .addNumbers(FREE)
                        .build())));
    checks.put(
        "PhoneNumberService/ReleasePhoneNumber",
        () -> {
          for (PhoneNumberRef ref : List.of(byId, byNumber)) {
            notFound(() ->
                numbers.releasePhoneNumber(
                    ReleasePhoneNumberRequest.newBuilder().setPhoneNumber(ref).build()));
          }
        });
    var audit = AuditServiceGrpc.newBlockingStub(a);
    checks.put(
        "AuditService/ListChanges",
        () -> {
          for (ListChangesRequest request :
              List.of(
                  ListChangesRequest.newBuilder().setPageSize(1000).build(),
                  ListChangesRequest.newBuilder().setNumber(NUMBER_B).build(),
                  ListChangesRequest.newBuilder()
                      .setResourceType(ResourceType.RESOURCE_TYPE_PHONE_NUMBER)
                      .setResourceId(numberIdB)
                      .build(),
                  ListChangesRequest.newBuilder()
                      .setResourceType(ResourceType.RESOURCE_TYPE_ORGANIZATION)
                      .setResourceId(orgB)
                      .build())) {
            attempts++;
            ListChangesResponse page = audit.listChanges(request);
            hidden(String.valueOf(page));
          }
        });
    checks.put(
        "AuditService/ExportChanges",
        () -> {
          for (var format :
              List.of(ExportFormat.EXPORT_FORMAT_CSV, ExportFormat.EXPORT_FORMAT_NDJSON)) {
            attempts++;
            StringBuilder file = new StringBuilder();
            audit
                .exportChanges(
                    ExportChangesRequest.newBuilder()
                        .setFormat(format)
                        .setStartTime(Timestamp.newBuilder().setSeconds(0))
                        .setEndTime(Timestamp.newBuilder().setSeconds(4_102_444_800L))
                        .build())
                .forEachRemaining(chunk -> file.append(chunk.getData().toStringUtf8()));
            assertThat(file).as("A exports its own changes").isNotEmpty();
            hidden(file.toString());
          }
        });
    checks.put(
        "PhoneNumberService/ListPhoneNumberChanges",
        () -> {
          for (PhoneNumberRef ref : List.of(byId, externalById)) {
            notFound(() ->
                numbers.listPhoneNumberChanges(
                    ListPhoneNumberChangesRequest.newBuilder().setPhoneNumber(ref).build()));
          }
        });
    checks.put(
        "TrunkService/CreateTrunk",
        () ->
            refusedWithoutDetails(() ->
                trunks.createTrunk(
                    CreateTrunkRequest.newBuilder()
                        .setTrunk(
                            Trunk.newBuilder()
                                .setNumber(EXTERNAL_B)
                                .setChannel(TrunkChannel.TRUNK_CHANNEL_CALL)
                                .setSip(
                                    SipSettings.newBuilder()
                                        .setGateway("evil.example")
                                        .setPassword("x")))
                        .build())));
    checks.put(
        "TrunkService/GetTrunk",
        () -> {
          for (TrunkRef ref : List.of(trunkById, trunkByKey)) {
            notFound(() -> trunks.getTrunk(GetTrunkRequest.newBuilder().setTrunk(ref).build()));
          }
        });
    checks.put(
        "TrunkService/ListTrunks",
        () ->
            hidden(
                trunks
                    .listTrunks(ListTrunksRequest.newBuilder().setPageSize(1000).build())
                    .toString()));
    checks.put(
        "TrunkService/UpdateTrunk",
        () -> {
          for (Trunk target :
              List.of(
                  Trunk.newBuilder().setId(trunkIdB).build(),
                  Trunk.newBuilder()
                      .setNumber(EXTERNAL_B)
                      .setChannel(TrunkChannel.TRUNK_CHANNEL_CALL)
                      .build())) {
            notFound(() ->
                trunks.updateTrunk(
                    UpdateTrunkRequest.newBuilder()
                        .setTrunk(
                            target.toBuilder()
                                .setSip(SipSettings.newBuilder().setGateway("evil.example")))
                        .setUpdateMask(FieldMask.newBuilder().addPaths("sip.gateway"))
                        .build()));
          }
        });
    checks.put(
        "TrunkService/AssignTrunk",
        () ->
            notFound(() ->
                trunks.assignTrunk(
                    AssignTrunkRequest.newBuilder()
                        .setTrunk(trunkById)
                        .setAgentId(AGENT_A)
                        .build())));
    checks.put(
        "TrunkService/DeleteTrunk",
        () -> {
          for (TrunkRef ref : List.of(trunkById, trunkByKey)) {
            notFound(
                () -> trunks.deleteTrunk(DeleteTrunkRequest.newBuilder().setTrunk(ref).build()));
          }
        });
    checks.put(
        "BindingService/BindAgent",
        () -> {
          notFound(() ->
              bindings.bindAgent(
                  BindAgentRequest.newBuilder()
                      .setPhoneNumber(byId)
                      .setChannel(Channel.CHANNEL_SMS)
                      .setAgentId(AGENT_A)
                      .build()));
          // B's agent id means nothing in A: agents are per organization
          notFound(() ->
              bindings.bindAgent(
                  BindAgentRequest.newBuilder()
                      .setPhoneNumber(PhoneNumberRef.newBuilder().setId(numberIdA))
                      .setChannel(Channel.CHANNEL_CALL)
                      .setAgentId(AGENT_B)
                      .build()));
        });
    checks.put(
        "BindingService/UnbindAgent",
        () -> {
          notFound(() ->
              bindings.unbindAgent(
                  UnbindAgentRequest.newBuilder()
                      .setPhoneNumber(byId)
                      .setChannel(Channel.CHANNEL_CALL)
                      .build()));
          notFound(() ->
              bindings.unbindAgent(
                  UnbindAgentRequest.newBuilder()
                      .setAgentId(AGENT_B)
                      .setChannel(Channel.CHANNEL_CALL)
                      .build()));
        });
    checks.put(
        "BindingService/ListBindings",
        () -> {
          hidden(bindings.listBindings(ListBindingsRequest.getDefaultInstance()).toString());
          hiddenOrNotFound(() ->
              bindings.listBindings(ListBindingsRequest.newBuilder().setAgentId(AGENT_B).build()));
          notFound(() ->
              bindings.listBindings(ListBindingsRequest.newBuilder().setPhoneNumber(byId).build()));
        });
    checks.put(
        "AgentService/GetAgent",
        () -> notFound(() -> agents.getAgent(GetAgentRequest.newBuilder().setId(AGENT_B).build())));
    // the same id in A names A's own agent: creating it there leaves B's untouched (checked by the
    // state of B)
    checks.put(
        "AgentService/UpsertAgent",
        () -> {
          attempts++;
          Agent created =
              agents.upsertAgent(
                  UpsertAgentRequest.newBuilder()
                      .setAgent(Agent.newBuilder().setId(AGENT_B2).setDisplayName("renamed by A"))
                      .build());
          hidden(created.toBuilder().clearId().build().toString());
        });
    checks.put(
        "InventoryService/SearchAvailableNumbers",
        () ->
            hidden(
                inventory
                    .searchAvailableNumbers(
                        SearchAvailableNumbersRequest.newBuilder()
                            .setPattern("208555")
                            .setPageSize(100)
                            .build())
                    .toString()));
    checks.put(
        "InventoryService/ImportNumbers",
        () ->
            platformOnly(() ->
                inventory.importNumbers(
                    ImportNumbersRequest.newBuilder()
                        .addNumbers(
                            AvailableNumber.newBuilder()
                                .setNumber(NUMBER_B)
                                .setType(io.switchboard.proto.v1.NumberType.NUMBER_TYPE_LOCAL)
                                .setMonthlyFee(
                                    io.switchboard.proto.v1.Money.newBuilder()
                                        .setAmount("1.00")
                                        .setCurrency("EUR")))
                        .build())));
    checks.put(
        "AdminService/CreateOrganization",
        () ->
            platformOnly(() ->
                admin.createOrganization(
                    CreateOrganizationRequest.newBuilder().setName("sneaky").build())));
    checks.put(
        "AdminService/CreateApiKey",
        () ->
            platformOnly(() ->
                admin.createApiKey(
                    CreateApiKeyRequest.newBuilder()
                        .setOrganizationId(orgB)
                        .setName("k")
                        .addScopes("numbers:read")
                        .build())));
    checks.put(
        "AdminService/RevokeApiKey",
        () ->
            platformOnly(() ->
                admin.revokeApiKey(
                    RevokeApiKeyRequest.newBuilder()
                        .setOrganizationId(orgB)
                        .setApiKeyId(UUID.randomUUID().toString())
                        .build())));
    checks.put(
        "AdminService/ListApiKeys",
        () ->
            platformOnly(() ->
                admin.listApiKeys(
                    ListApiKeysRequest.newBuilder().setOrganizationId(orgB).build())));
    checks.put(
        "RoutingService/ResolveInbound",
        () ->
            platformOnly(() ->
                routing.resolveInbound(
                    ResolveInboundRequest.newBuilder()
                        .setCalledNumber(NUMBER_B)
                        .setChannel(Channel.CHANNEL_CALL)
                        .build())));
    // a tenant previews its own numbers only: another organization's is not found, as an unknown
    // one
    checks.put(
        "RoutingService/PreviewRouting",
        () ->
            notFound(() ->
                routing.previewRouting(
                    PreviewRoutingRequest.newBuilder()
                        .setCalledNumber(NUMBER_B)
                        .setChannel(Channel.CHANNEL_CALL)
                        .build())));
    checks.put(
        "RoutingService/GetTrunkCredentials",
        () ->
            platformOnly(() ->
                routing.getTrunkCredentials(
                    GetTrunkCredentialsRequest.newBuilder().setTrunk(trunkById).build())));
    var webhooks = WebhookServiceGrpc.newBlockingStub(a);
    checks.put(
        "WebhookService/CreateWebhookEndpoint",
        () ->
            hiddenOrNotFound(() ->
                webhooks.createWebhookEndpoint(
                    CreateWebhookEndpointRequest.newBuilder()
                        .setWebhookEndpoint(
                            WebhookEndpoint.newBuilder()
                                .setUrl("https://hooks.a.example/in")
                                .addEventTypes("number.updated"))
                        .build())));
    checks.put(
        "WebhookService/GetWebhookEndpoint",
        () ->
            notFound(() ->
                webhooks.getWebhookEndpoint(
                    GetWebhookEndpointRequest.newBuilder().setId(webhookIdB).build())));
    checks.put(
        "WebhookService/ListWebhookEndpoints",
        () ->
            hidden(
                webhooks
                    .listWebhookEndpoints(
                        ListWebhookEndpointsRequest.newBuilder().setPageSize(100).build())
                    .toString()));
    checks.put(
        "WebhookService/UpdateWebhookEndpoint",
        () ->
            notFound(() ->
                webhooks.updateWebhookEndpoint(
                    UpdateWebhookEndpointRequest.newBuilder()
                        .setWebhookEndpoint(
                            WebhookEndpoint.newBuilder().setId(webhookIdB).setEnabled(false))
                        .setUpdateMask(FieldMask.newBuilder().addPaths("enabled"))
                        .build())));
    checks.put(
        "WebhookService/DeleteWebhookEndpoint",
        () ->
            notFound(() ->
                webhooks.deleteWebhookEndpoint(
                    DeleteWebhookEndpointRequest.newBuilder().setId(webhookIdB).build())));
    checks.put(
        "WebhookService/RollWebhookSecret",
        () ->
            notFound(() ->
                webhooks.rollWebhookSecret(
                    RollWebhookSecretRequest.newBuilder().setId(webhookIdB).build())));
    checks.put(
        "WebhookService/ListWebhookDeliveries",
        () ->
            notFound(() ->
                webhooks.listWebhookDeliveries(
                    ListWebhookDeliveriesRequest.newBuilder().setEndpointId(webhookIdB).build())));
    checks.put(
        "WebhookService/ReplayWebhookDelivery",
        () ->
            notFound(() ->
                webhooks.replayWebhookDelivery(
                    ReplayWebhookDeliveryRequest.newBuilder()
                        .setEndpointId(webhookIdB)
                        .setDeliveryId("msg_0")
                        .build())));
    ManagedChannel channelB = service.channel(keyB);
    Operation jobOfB =
        JobCalls.startUpdate(
            channelB,
            List.of(
                StartUpdateNumbersJobRequest.newBuilder()
                    .setRequestId("job-of-b")
                    .addItems(
                        StartUpdateNumbersJobRequest.Item.newBuilder()
                            .setPhoneNumber(
                                // a number B does not have: B's job changes nothing of B's
                                io.switchboard.proto.v1.PhoneNumber.newBuilder()
                                    .setId(UUID.randomUUID().toString())
                                    .setRouting(Routing.newBuilder().setLabel("l")))
                            .setUpdateMask(FieldMask.newBuilder().addPaths("routing.label")))
                    .build()));
    JobCalls.await(channelB, jobOfB.getName(), 30);
    String operationB = jobOfB.getName();
    checks.put(
        "JobService/StartUpdateNumbersJob",
        () -> {
          attempts++;
          // A's own job, naming B's number: the item fails as for a number A does not have
          Operation job =
              JobCalls.startUpdate(
                  a,
                  List.of(
                      StartUpdateNumbersJobRequest.newBuilder()
                          .setRequestId("a-updates-b")
                          .addItems(
                              StartUpdateNumbersJobRequest.Item.newBuilder()
                                  .setPhoneNumber(
                                      io.switchboard.proto.v1.PhoneNumber.newBuilder()
                                          .setId(numberIdB)
                                          .setRouting(Routing.newBuilder().setLabel("taken by A")))
                                  .setUpdateMask(FieldMask.newBuilder().addPaths("routing.label")))
                          .build()));
          Operation done = JobCalls.await(a, job.getName(), 30);
          assertThat(done.getDone()).isTrue();
          var failures =
              JobServiceGrpc.newBlockingStub(a)
                  .listJobItemFailures(
                      ListJobItemFailuresRequest.newBuilder().setName(job.getName()).build());
          assertThat(failures.getFailuresList())
              .singleElement()
              .satisfies(f -> assertThat(f.getReason()).isEqualTo("PHONE_NUMBER_NOT_FOUND"));
          hiddenExceptNumbers(done.toString() + failures);
        });
    checks.put(
        "JobService/StartReleaseNumbersJob",
        () -> {
          attempts++;
          Operation job =
              JobCalls.startRelease(
                  a,
                  List.of(
                      StartReleaseNumbersJobRequest.newBuilder()
                          .setRequestId("a-releases-b")
                          .addPhoneNumbers(byId)
                          .addPhoneNumbers(byNumber)
                          .build()));
          Operation done = JobCalls.await(a, job.getName(), 30);
          assertThat(done.getDone()).isTrue();
          var failures =
              JobServiceGrpc.newBlockingStub(a)
                  .listJobItemFailures(
                      ListJobItemFailuresRequest.newBuilder().setName(job.getName()).build());
          assertThat(failures.getFailuresList())
              .hasSize(2)
              .allSatisfy(f -> assertThat(f.getReason()).isEqualTo("PHONE_NUMBER_NOT_FOUND"));
          hiddenExceptNumbers(done.toString() + failures);
        });
    checks.put(
        "JobService/StartImportNumbersJob",
        () ->
            platformOnly(() ->
                JobCalls.startImport(
                    a,
                    List.of(
                        StartImportNumbersJobRequest.newBuilder()
                            .setRequestId("a-imports")
                            .addNumbers(
                                io.switchboard.proto.v1.AvailableNumber.newBuilder()
                                    .setNumber(NUMBER_B)
                                    .setType(io.switchboard.proto.v1.NumberType.NUMBER_TYPE_LOCAL)
                                    .setMonthlyFee(
                                        io.switchboard.proto.v1.Money.newBuilder()
                                            .setAmount("1.00")
                                            .setCurrency("EUR")))
                            .build()))));
    checks.put(
        "JobService/ListJobItemFailures",
        () ->
            notFound(() ->
                JobServiceGrpc.newBlockingStub(a)
                    .listJobItemFailures(
                        ListJobItemFailuresRequest.newBuilder().setName(operationB).build())));
    checks.put(
        "google.longrunning.Operations/GetOperation",
        () -> notFound(() -> JobCalls.get(a, operationB)));
    checks.put(
        "google.longrunning.Operations/WaitOperation",
        () -> notFound(() -> JobCalls.await(a, operationB, 1)));
    checks.put(
        "google.longrunning.Operations/CancelOperation",
        () ->
            notFound(() -> {
              JobCalls.cancel(a, operationB);
              return null;
            }));
    checks.put(
        "google.longrunning.Operations/DeleteOperation",
        () -> {
          attempts++;
          StatusRuntimeException e =
              catchThrowableOfType(
                  StatusRuntimeException.class, () -> JobCalls.delete(a, operationB));
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
          hiddenExceptNumbers(String.valueOf(e.getStatus().getDescription()));
        });
    checks.put(
        "google.longrunning.Operations/ListOperations",
        () -> {
          attempts++;
          String listed = JobCalls.list(a, ListOperationsRequest.getDefaultInstance()).toString();
          assertThat(listed).doesNotContain(operationB).doesNotContain("job-of-b");
          hidden(listed);
        });
    // with numbers:read only, the feed is the caller's own organization's
    checks.put(
        "RoutingService/WatchChanges",
        () -> {
          attempts++;
          StringBuilder seen = new StringBuilder();
          var events =
              RoutingServiceGrpc.newBlockingStub(a)
                  .withDeadlineAfter(2, TimeUnit.SECONDS)
                  .watchChanges(WatchChangesRequest.newBuilder().setSinceRevision(0).build());
          int count = 0;
          try {
            while (events.hasNext()) {
              seen.append(events.next());
              count++;
            }
          } catch (StatusRuntimeException e) {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
          }
          assertThat(count).as("A sees its own changes").isPositive();
          hidden(seen.toString());
        });
    return checks;
  }

  private static void notFound(Supplier<?> call) {
    attempts++;
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::get);
    assertThat(e).as("answered instead of NOT_FOUND").isNotNull();
    assertThat(e.getStatus().getCode())
        .as(e.getStatus().toString())
        .isEqualTo(Status.Code.NOT_FOUND);
    hiddenExceptNumbers(String.valueOf(e.getStatus().getDescription()) + e.getTrailers());
  }

  private static void hiddenOrNotFound(Supplier<?> call) {
    attempts++;
    try {
      hidden(String.valueOf(call.get()));
    } catch (StatusRuntimeException e) {
      assertThat(e.getStatus().getCode())
          .as(e.getStatus().toString())
          .isEqualTo(Status.Code.NOT_FOUND);
    }
  }

  /**
   * E.164 numbers are unique across the platform, so taking B's number is refused; the refusal is
   * the one any held or unavailable number gets and says nothing of B (never PERMISSION_DENIED).
   */
  private static void refusedWithoutDetails(Supplier<?> call) {
    attempts++;
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::get);
    assertThat(e).as("B's number was taken").isNotNull();
    assertThat(e.getStatus().getCode())
        .as(e.getStatus().toString())
        .isIn(Status.Code.NOT_FOUND, Status.Code.ALREADY_EXISTS, Status.Code.FAILED_PRECONDITION);
    hiddenExceptNumbers(String.valueOf(e.getStatus().getDescription()) + e.getTrailers());
  }

  /** Platform-level methods: A's key lacks the internal scope, whatever the request names. */
  private static void platformOnly(Supplier<?> call) {
    attempts++;
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::get);
    assertThat(e).isNotNull();
    assertThat(e.getStatus().getCode())
        .as(e.getStatus().toString())
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    hiddenExceptNumbers(String.valueOf(e.getStatus().getDescription()) + e.getTrailers());
  }

  /** None of B's identifiers, names or numbers appear in what A got back. */
  private static void hidden(String answer) {
    for (String secret : secretsOfB) {
      assertThat(answer).as("A's answer shows B's %s", secret).doesNotContain(secret);
    }
  }

  /** For refusals: nothing of B beyond the identifier A named itself in the request. */
  private static void hiddenExceptNumbers(String answer) {
    for (String secret : internalsOfB) {
      assertThat(answer).as("A's answer shows B's %s", secret).doesNotContain(secret);
    }
  }

  // --- REST
  // ------------------------------------------------------------------------------------------------------

  private static Map<String, Runnable> restAttempts() {
    String encodedB = URLEncoder.encode(NUMBER_B, StandardCharsets.UTF_8);
    String encodedExternal = URLEncoder.encode(EXTERNAL_B, StandardCharsets.UTF_8);
    Map<String, Runnable> checks = new LinkedHashMap<>();
    checks.put(
        "GET /api/v1/phone-numbers",
        () -> {
          listHides("/api/v1/phone-numbers?include_external=1&per_page=100");
          listHides("/api/v1/phone-numbers?search=2085550400&include_external=true");
          listHides("/api/v1/phone-numbers?bound_to_agent_uuid=" + AGENT_B);
        });
    checks.put(
        "POST /api/v1/phone-numbers",
        () -> refusedRest("POST", "/api/v1/phone-numbers", "{\"number\":\"" + NUMBER_B + "\"}"));
    String everything = "from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z";
    checks.put(
        "GET /api/v1/audit-events",
        () -> {
          listHides("/api/v1/audit-events?per_page=100");
          listHides("/api/v1/audit-events?number=" + encodedB);
          listHides("/api/v1/audit-events?resource_type=phone_number&resource_id=" + numberIdB);
        });
    checks.put(
        "GET /api/v1/audit-events/export",
        () -> {
          listHides("/api/v1/audit-events/export?format=ndjson&" + everything);
          listHides("/api/v1/audit-events/export?format=csv&number=" + encodedB + "&" + everything);
        });
    checks.put(
        "GET /api/v1/phone-numbers/search",
        () -> listHides("/api/v1/phone-numbers/search?contains=208555" + "&limit=100"));
    checks.put(
        "GET /api/v1/phone-numbers/channels",
        () -> {
          notFoundRest("GET", "/api/v1/phone-numbers/channels?number=" + encodedB, null);
          notFoundRest("GET", "/api/v1/phone-numbers/channels?number=" + encodedExternal, null);
        });
    checks.put(
        "GET /api/v1/phone-numbers/{uuid}",
        () -> notFoundRest("GET", "/api/v1/phone-numbers/" + numberIdB, null));
    checks.put(
        "PATCH /api/v1/phone-numbers/{uuid}",
        () ->
            notFoundRest(
                "PATCH",
                "/api/v1/phone-numbers/" + numberIdB,
                "{\"channel_settings\":{\"voice\":{\"channel_limit\":1}}}"));
    checks.put(
        "GET /api/v1/phone-numbers/{uuid}/channels",
        () -> notFoundRest("GET", "/api/v1/phone-numbers/" + externalIdB + "/channels", null));
    checks.put(
        "POST /api/v1/phone-numbers/{uuid}/release",
        () -> notFoundRest("POST", "/api/v1/phone-numbers/" + numberIdB + "/release", null));
    checks.put(
        "GET /api/v1/phone-numbers/trunks",
        () -> listHides("/api/v1/phone-numbers/trunks?per_page=100"));
    checks.put(
        "POST /api/v1/phone-numbers/trunks",
        () ->
            refusedRest(
                "POST",
                "/api/v1/phone-numbers/trunks",
                "{\"phone_number\":\""
                    + EXTERNAL_B
                    + "\",\"channel\":\"call\",\"sip\":{\"gateway\":\"evil.example\"}}"));
    checks.put(
        "PATCH /api/v1/phone-numbers/trunks",
        () ->
            notFoundRest(
                "PATCH",
                "/api/v1/phone-numbers/trunks",
                "{\"phone_number\":\""
                    + EXTERNAL_B
                    + "\",\"channel\":\"call\",\"sip\":{\"gateway\":\"evil.example\"}}"));
    checks.put(
        "DELETE /api/v1/phone-numbers/trunks",
        () ->
            notFoundRest(
                "DELETE",
                "/api/v1/phone-numbers/trunks?phone_number=" + encodedExternal + "&channel=call",
                null));
    checks.put(
        "PUT /api/v1/phone-numbers/trunks/assign",
        () ->
            notFoundRest(
                "PUT",
                "/api/v1/phone-numbers/trunks/assign",
                "{\"phone_number\":\""
                    + EXTERNAL_B
                    + "\",\"channel\":\"call\","
                    + "\"agent_uuid\":\""
                    + AGENT_A
                    + "\",\"force\":true}"));
    checks.put(
        "POST /api/v1/agents/{uuid}/channels/call/provision",
        () -> {
          notFoundRest(
              "POST",
              "/api/v1/agents/" + AGENT_A + "/channels/call/provision",
              "{\"phone_number_uuid\":\"" + numberIdB + "\"}");
          notFoundRest(
              "POST",
              "/api/v1/agents/" + AGENT_B + "/channels/call/provision",
              "{\"phone_number_uuid\":\"" + numberIdA + "\"}");
        });
    checks.put(
        "POST /api/v1/agents/{uuid}/channels/sms",
        () ->
            notFoundRest(
                "POST",
                "/api/v1/agents/" + AGENT_A + "/channels/sms",
                "{\"phone_number_uuid\":\"" + numberIdB + "\"}"));
    checks.put(
        "DELETE /api/v1/agents/{uuid}/channels/{channel}",
        () -> notFoundRest("DELETE", "/api/v1/agents/" + AGENT_B + "/channels/call", null));
    checks.put("GET /phone_numbers", () -> listHides("/phone_numbers?size=1000"));
    checks.put(
        "GET /phone_numbers/{phone_number}",
        () -> {
          notFoundRest("GET", "/phone_numbers/" + encodedB, null);
          notFoundRest("GET", "/phone_numbers/" + encodedExternal, null);
        });
    checks.put(
        "PATCH /phone_numbers/{phone_number}",
        () ->
            notFoundRest(
                "PATCH",
                "/phone_numbers/" + encodedB,
                "{\"inbound_agent_id\":null,\"webhooks\":[]}"));
    checks.put(
        "DELETE /phone_numbers/{phone_number}",
        () -> {
          notFoundRest("DELETE", "/phone_numbers/" + encodedB, null);
          notFoundRest("DELETE", "/phone_numbers/" + encodedB + "?release_phone_number=true", null);
        });
    checks.put(
        "GET /v1/phone-numbers",
        () -> {
          listHides("/v1/phone-numbers?limit=100");
          listHides("/v1/phone-numbers?search=2085550400");
        });
    checks.put(
        "GET /v1/phone-numbers/{id}",
        () -> notFoundRest("GET", "/v1/phone-numbers/" + numberIdB, null));
    checks.put(
        "PATCH /v1/phone-numbers/{id}",
        () ->
            notFoundRest("PATCH", "/v1/phone-numbers/" + numberIdB, "{\"label\":\"taken over\"}"));
    checks.put(
        "DELETE /v1/phone-numbers/{id}",
        () -> notFoundRest("DELETE", "/v1/phone-numbers/" + numberIdB, null));
    checks.put(
        "POST /v1/phone-numbers/search",
        () -> {
          attempts++;
          HttpResponse<String> found =
              service.http(
                  "POST",
                  "/v1/phone-numbers/search",
                  keyA,
                  "{\"pattern\":\"208555\",\"quantity\":100}");
          assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
          hidden(found.body());
        });
    checks.put(
        "POST /v1/phone-numbers/orders",
        () ->
            refusedRest(
                "POST", "/v1/phone-numbers/orders", "{\"numbers\":[\"" + NUMBER_B + "\"]}"));
    String hook = "/v1/webhook-endpoints/" + webhookIdB;
    checks.put(
        "POST /v1/webhook-endpoints",
        () -> {
          attempts++;
          HttpResponse<String> created =
              service.http(
                  "POST",
                  "/v1/webhook-endpoints",
                  keyA,
                  "{\"url\":\"https://hooks.a.example/in\",\"event_types\":[\"number.updated\"]}");
          assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
          hidden(created.body());
        });
    checks.put("GET /v1/webhook-endpoints", () -> listHides("/v1/webhook-endpoints?limit=100"));
    checks.put("GET /v1/webhook-endpoints/{id}", () -> notFoundRest("GET", hook, null));
    checks.put(
        "PATCH /v1/webhook-endpoints/{id}",
        () -> notFoundRest("PATCH", hook, "{\"enabled\":false}"));
    checks.put("DELETE /v1/webhook-endpoints/{id}", () -> notFoundRest("DELETE", hook, null));
    checks.put(
        "POST /v1/webhook-endpoints/{id}/roll-secret",
        () -> notFoundRest("POST", hook + "/roll-secret", null));
    checks.put(
        "GET /v1/webhook-endpoints/{id}/deliveries",
        () -> notFoundRest("GET", hook + "/deliveries", null));
    checks.put(
        "POST /v1/webhook-endpoints/{id}/deliveries/{delivery_id}/replay",
        () -> notFoundRest("POST", hook + "/deliveries/msg_0/replay", null));
    return checks;
  }

  private static void notFoundRest(String method, String path, String body) {
    attempts++;
    HttpResponse<String> response = service.http(method, path, keyA, body);
    assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(404);
    HostileAnswers.requireErrorShape(path, 404, response.body());
    hiddenExceptNumbers(response.body());
  }

  private static void refusedRest(String method, String path, String body) {
    attempts++;
    HttpResponse<String> response = service.http(method, path, keyA, body);
    assertThat(response.statusCode())
        .as("%s %s: %s", method, path, response.body())
        .isIn(404, 409, 422);
    HostileAnswers.requireErrorShape(path, response.statusCode(), response.body());
    hiddenExceptNumbers(response.body());
  }

  private static void listHides(String path) {
    attempts++;
    HttpResponse<String> response = service.http("GET", path, keyA, null);
    assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
    hidden(response.body());
  }
}
