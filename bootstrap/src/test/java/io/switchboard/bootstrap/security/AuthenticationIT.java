package io.switchboard.bootstrap.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.longrunning.ListOperationsRequest;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.switchboard.application.admin.CreateApiKeyUseCase;
import io.switchboard.bootstrap.JobCalls;
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
import io.switchboard.proto.v1.ListJobItemFailuresRequest;
import io.switchboard.proto.v1.ListPhoneNumberChangesRequest;
import io.switchboard.proto.v1.ListPhoneNumbersRequest;
import io.switchboard.proto.v1.ListTrunksRequest;
import io.switchboard.proto.v1.ListWebhookDeliveriesRequest;
import io.switchboard.proto.v1.ListWebhookEndpointsRequest;
import io.switchboard.proto.v1.Money;
import io.switchboard.proto.v1.NumberType;
import io.switchboard.proto.v1.OrderPhoneNumbersRequest;
import io.switchboard.proto.v1.PhoneNumber;
import io.switchboard.proto.v1.PhoneNumberRef;
import io.switchboard.proto.v1.PhoneNumberServiceGrpc;
import io.switchboard.proto.v1.PreviewRoutingRequest;
import io.switchboard.proto.v1.PurchasePhoneNumberRequest;
import io.switchboard.proto.v1.ReleasePhoneNumberRequest;
import io.switchboard.proto.v1.ReplayWebhookDeliveryRequest;
import io.switchboard.proto.v1.ResolveInboundRequest;
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
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Case 9: on every REST route of every dialect and every gRPC method, a missing, malformed, unknown
 * or revoked key is refused (401 in the dialect's shape / UNAUTHENTICATED) and a key without the
 * needed scope is refused (403 / PERMISSION_DENIED); keys are stored as their SHA-256 only. The
 * constant-time comparison and the lookup by hash are proven in {@link ApiKeyLookupTest}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthenticationIT {
  private static final String NUMBER = "+12085550600";
  private static final String ENCODED_NUMBER = "%2B12085550600";

  private static RunningService service;
  private static RunningService.Tenant tenant;
  private static String revokedKey;
  private static final List<String> knownSecrets = new ArrayList<>();

  @BeforeAll
  static void start() {
    service = RunningService.start(AuthenticationIT.class);
    tenant = service.tenant("auth");
    CreateApiKeyUseCase.CreatedApiKey revoked =
        service
            .useCases()
            .createApiKey()
            .createApiKey(
                service.operator(),
                tenant.organization().id(),
                "to be revoked",
                EnumSet.of(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE));
    revokedKey = revoked.secret();
    // used once first, so the revocation must also reach the authentication cache
    assertThat(service.http("GET", "/v1/phone-numbers", revokedKey, null).statusCode())
        .isEqualTo(200);
    service
        .useCases()
        .revokeApiKey()
        .revokeApiKey(service.operator(), tenant.organization().id(), revoked.key().id());
    knownSecrets.add(revokedKey);
    knownSecrets.add(service.operatorKey());
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  /** A key of the tenant with every scope except these. */
  private static String keyWithout(Set<Scope> excluded) {
    String key = tenant.apiKeyWithout(excluded);
    knownSecrets.add(key);
    return key;
  }

  // --- REST
  // ------------------------------------------------------------------------------------------------------

  /** A request per route that would pass validation, so that only the credentials decide. */
  private static Map<String, String[]> restRequests() {
    String uuid = UUID.randomUUID().toString();
    String agent = UUID.randomUUID().toString();
    String trunkKey = "{\"phone_number\":\"" + NUMBER + "\",\"channel\":\"call\"";
    Map<String, String[]> requests = new LinkedHashMap<>();
    requests.put("GET /api/v1/phone-numbers", new String[] {"/api/v1/phone-numbers", null});
    requests.put("GET /api/v1/audit-events", new String[] {"/api/v1/audit-events", null});
    requests.put(
        "GET /api/v1/audit-events/export",
        new String[] {
          "/api/v1/audit-events/export?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z", null
        });
    requests.put(
        "POST /api/v1/phone-numbers",
        new String[] {"/api/v1/phone-numbers", "{\"number\":\"" + NUMBER + "\"}"});
    requests.put(
        "GET /api/v1/phone-numbers/search",
        new String[] {"/api/v1/phone-numbers/search?country_code=US", null});
    requests.put(
        "GET /api/v1/phone-numbers/channels",
        new String[] {"/api/v1/phone-numbers/channels?number=" + ENCODED_NUMBER, null});
    requests.put(
        "GET /api/v1/phone-numbers/{uuid}", new String[] {"/api/v1/phone-numbers/" + uuid, null});
    requests.put(
        "PATCH /api/v1/phone-numbers/{uuid}",
        new String[] {
          "/api/v1/phone-numbers/" + uuid,
          "{\"channel_settings\":{\"voice\":{\"channel_limit\":1}}}"
        });
    requests.put(
        "GET /api/v1/phone-numbers/{uuid}/channels",
        new String[] {"/api/v1/phone-numbers/" + uuid + "/channels", null});
    requests.put(
        "POST /api/v1/phone-numbers/{uuid}/release",
        new String[] {"/api/v1/phone-numbers/" + uuid + "/release", null});
    requests.put(
        "GET /api/v1/phone-numbers/trunks", new String[] {"/api/v1/phone-numbers/trunks", null});
    requests.put(
        "POST /api/v1/phone-numbers/trunks",
        new String[] {
          "/api/v1/phone-numbers/trunks", trunkKey + ",\"sip\":{\"gateway\":\"sip.example.com\"}}"
        });
    requests.put(
        "PATCH /api/v1/phone-numbers/trunks",
        new String[] {"/api/v1/phone-numbers/trunks", trunkKey + ",\"name\":\"n\"}"});
    requests.put(
        "DELETE /api/v1/phone-numbers/trunks",
        new String[] {
          "/api/v1/phone-numbers/trunks?phone_number=" + ENCODED_NUMBER + "&channel=call", null
        });
    requests.put(
        "PUT /api/v1/phone-numbers/trunks/assign",
        new String[] {
          "/api/v1/phone-numbers/trunks/assign", trunkKey + ",\"agent_uuid\":\"" + agent + "\"}"
        });
    requests.put(
        "POST /api/v1/agents/{uuid}/channels/call/provision",
        new String[] {
          "/api/v1/agents/" + agent + "/channels/call/provision",
          "{\"phone_number_uuid\":\"" + uuid + "\"}"
        });
    requests.put(
        "POST /api/v1/agents/{uuid}/channels/sms",
        new String[] {
          "/api/v1/agents/" + agent + "/channels/sms", "{\"phone_number_uuid\":\"" + uuid + "\"}"
        });
    requests.put(
        "DELETE /api/v1/agents/{uuid}/channels/{channel}",
        new String[] {"/api/v1/agents/" + agent + "/channels/sms", null});
    requests.put("GET /phone_numbers", new String[] {"/phone_numbers", null});
    requests.put(
        "GET /phone_numbers/{phone_number}",
        new String[] {"/phone_numbers/" + ENCODED_NUMBER, null});
    requests.put(
        "PATCH /phone_numbers/{phone_number}",
        new String[] {"/phone_numbers/" + ENCODED_NUMBER, "{\"webhooks\":[]}"});
    requests.put(
        "DELETE /phone_numbers/{phone_number}",
        new String[] {"/phone_numbers/" + ENCODED_NUMBER, null});
    requests.put("GET /v1/phone-numbers", new String[] {"/v1/phone-numbers", null});
    requests.put("GET /v1/phone-numbers/{id}", new String[] {"/v1/phone-numbers/" + uuid, null});
    requests.put(
        "PATCH /v1/phone-numbers/{id}",
        new String[] {"/v1/phone-numbers/" + uuid, "{\"label\":\"l\"}"});
    requests.put("DELETE /v1/phone-numbers/{id}", new String[] {"/v1/phone-numbers/" + uuid, null});
    requests.put(
        "POST /v1/phone-numbers/search",
        new String[] {"/v1/phone-numbers/search", "{\"quantity\":1}"});
    requests.put(
        "POST /v1/phone-numbers/orders",
        new String[] {"/v1/phone-numbers/orders", "{\"numbers\":[\"" + NUMBER + "\"]}"});
    String hook = "/v1/webhook-endpoints/" + uuid;
    requests.put(
        "POST /v1/webhook-endpoints",
        new String[] {
          "/v1/webhook-endpoints",
          "{\"url\":\"https://hooks.example.com/in\",\"event_types\":[\"number.updated\"]}"
        });
    requests.put("GET /v1/webhook-endpoints", new String[] {"/v1/webhook-endpoints", null});
    requests.put("GET /v1/webhook-endpoints/{id}", new String[] {hook, null});
    requests.put("PATCH /v1/webhook-endpoints/{id}", new String[] {hook, "{\"enabled\":false}"});
    requests.put("DELETE /v1/webhook-endpoints/{id}", new String[] {hook, null});
    requests.put(
        "POST /v1/webhook-endpoints/{id}/roll-secret", new String[] {hook + "/roll-secret", null});
    requests.put(
        "GET /v1/webhook-endpoints/{id}/deliveries", new String[] {hook + "/deliveries", null});
    requests.put(
        "POST /v1/webhook-endpoints/{id}/deliveries/{delivery_id}/replay",
        new String[] {hook + "/deliveries/msg_0/replay", null});
    return requests;
  }

  private static final List<String> MALFORMED_HEADERS =
      List.of(
          "Basic dXNlcjpwYXNz",
          "Bearer",
          "Bearer ",
          "Token sb_live_x",
          "Bearer sb_live_a sb_live_b",
          "Bearer " + "a".repeat(600),
          "Bearerxyz",
          "Bearer \"quoted\"",
          "Bearer sb_live_" + UUID.randomUUID());

  @Test
  @Order(1)
  void every_rest_route_refuses_missing_malformed_revoked_and_wrong_scope_keys() {
    Map<String, String[]> requests = restRequests();
    assertThat(requests.keySet())
        .as("every REST route is covered")
        .containsExactlyInAnyOrderElementsOf(Endpoints.restRoutes(service.useCases()));
    String noNumbersScope = keyWithout(Set.of(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE));
    String readOnly = tenant.apiKey(Scope.NUMBERS_READ);
    knownSecrets.add(readOnly);
    int refusals = 0;
    for (var entry : requests.entrySet()) {
      String method = entry.getKey().split(" ")[0];
      String path = entry.getValue()[0];
      String body = entry.getValue()[1];
      expectRest(401, "MISSING", method, path, Map.of(), body);
      refusals++;
      for (String header : MALFORMED_HEADERS) {
        expectRest(401, "INVALID", method, path, Map.of("Authorization", header), body);
        refusals++;
      }
      expectRest(
          401, "INVALID", method, path, Map.of("Authorization", "Bearer " + revokedKey), body);
      expectRest(
          403, "SCOPE", method, path, Map.of("Authorization", "Bearer " + noNumbersScope), body);
      refusals += 2;
      if (!method.equals("GET") && !entry.getKey().equals("POST /v1/phone-numbers/search")) {
        expectRest(403, "SCOPE", method, path, Map.of("Authorization", "Bearer " + readOnly), body);
        refusals++;
      }
    }
    System.out.printf(
        "RELIABILITY auth-rest: %d routes, %d refusals (missing, %d malformed, revoked, wrong scope), "
            + "0 let through%n",
        requests.size(), refusals, MALFORMED_HEADERS.size());
  }

  @Test
  @Order(2)
  void only_the_published_contracts_answer_without_a_key() {
    assertThat(Endpoints.allRestRoutes(service.useCases()))
        .as("the public routes are still registered")
        .containsAll(Endpoints.PUBLIC_REST_ROUTES);
    Map<String, String> examples =
        Map.of(
            "GET /docs",
            "/docs",
            "GET /docs/",
            "/docs/",
            "GET /docs/{file}",
            "/docs/swagger-ui.css",
            "GET /openapi/{file}",
            "/openapi/agentmessage.json");
    assertThat(examples.keySet()).containsExactlyInAnyOrderElementsOf(Endpoints.PUBLIC_REST_ROUTES);
    examples.forEach((route, path) ->
        assertThat(service.http("GET", path, Map.of(), null).statusCode())
            .as("%s without a key", route)
            .isIn(200, 302));
  }

  private static void expectRest(
      int status,
      String kind,
      String method,
      String path,
      Map<String, String> headers,
      String body) {
    HttpResponse<String> response = service.http(method, path, headers, body);
    assertThat(response.statusCode())
        .as("%s %s with %s: %s", method, path, headers, response.body())
        .isEqualTo(status);
    JsonNode error = HostileAnswers.requireErrorShape(path, status, response.body());
    String code = error.path("error").path("code").asText();
    if (path.startsWith("/api/v1/")) {
      assertThat(code)
          .isEqualTo(
              switch (kind) {
                case "MISSING" -> "MISSING_AUTH_TOKEN";
                case "INVALID" -> "INVALID_AUTH_TOKEN";
                default -> "INSUFFICIENT_PERMISSIONS";
              });
    } else if (path.startsWith("/v1/")) {
      assertThat(code).isEqualTo(status == 401 ? "UNAUTHORIZED" : "FORBIDDEN");
    }
  }

  // --- gRPC
  // ------------------------------------------------------------------------------------------------------

  private record GrpcCall(Set<Scope> needs, Function<ManagedChannel, Object> call) {}

  private static Map<String, GrpcCall> grpcCalls() {
    String uuid = UUID.randomUUID().toString();
    PhoneNumberRef ref = PhoneNumberRef.newBuilder().setId(uuid).build();
    TrunkRef trunk = TrunkRef.newBuilder().setId(uuid).build();
    Set<Scope> read = Set.of(Scope.NUMBERS_READ);
    Set<Scope> write = Set.of(Scope.NUMBERS_WRITE);
    Map<String, GrpcCall> calls = new LinkedHashMap<>();
    calls.put(
        "PhoneNumberService/GetPhoneNumber",
        new GrpcCall(
            read,
            c ->
                PhoneNumberServiceGrpc.newBlockingStub(c)
                    .getPhoneNumber(
                        GetPhoneNumberRequest.newBuilder().setPhoneNumber(ref).build())));
    calls.put(
        "PhoneNumberService/ListPhoneNumbers",
        new GrpcCall(
            read,
            c ->
                PhoneNumberServiceGrpc.newBlockingStub(c)
                    .listPhoneNumbers(ListPhoneNumbersRequest.getDefaultInstance())));
    calls.put(
        "PhoneNumberService/UpdatePhoneNumber",
        new GrpcCall(
            write,
            c ->
                PhoneNumberServiceGrpc.newBlockingStub(c)
                    .updatePhoneNumber(
                        UpdatePhoneNumberRequest.newBuilder()
                            .setPhoneNumber(
                                PhoneNumber.newBuilder()
                                    .setId(uuid)
                                    .setRouting(Routing.newBuilder().setLabel("l")))
                            .setUpdateMask(FieldMask.newBuilder().addPaths("routing.label"))
                            .build())));
    calls.put(
        "PhoneNumberService/GetChannelSnapshot",
        new GrpcCall(
            read,
            c ->
                PhoneNumberServiceGrpc.newBlockingStub(c)
                    .getChannelSnapshot(
                        GetChannelSnapshotRequest.newBuilder().setPhoneNumber(ref).build())));
    calls.put(
        "PhoneNumberService/PurchasePhoneNumber",
        new GrpcCall(
            write,
            c ->
                PhoneNumberServiceGrpc.newBlockingStub(c)
                    .purchasePhoneNumber(
                        PurchasePhoneNumberRequest.newBuilder().setNumber(NUMBER).build())));
    calls.put(
        "PhoneNumberService/OrderPhoneNumbers",
        new GrpcCall(
            write,
            c ->
                PhoneNumberServiceGrpc.newBlockingStub(c)
                    .orderPhoneNumbers(
                        OrderPhoneNumbersRequest.newBuilder().addNumbers(NUMBER).build())));
    calls.put(
        "PhoneNumberService/ReleasePhoneNumber",
        new GrpcCall(
            write,
            c ->
                PhoneNumberServiceGrpc.newBlockingStub(c)
                    .releasePhoneNumber(
                        ReleasePhoneNumberRequest.newBuilder().setPhoneNumber(ref).build())));
    calls.put(
        "AuditService/ListChanges",
        new GrpcCall(
            read,
            c ->
                AuditServiceGrpc.newBlockingStub(c)
                    .listChanges(ListChangesRequest.getDefaultInstance())));
    calls.put(
        "AuditService/ExportChanges",
        new GrpcCall(
            read,
            c ->
                AuditServiceGrpc.newBlockingStub(c)
                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                    .exportChanges(
                        ExportChangesRequest.newBuilder()
                            .setStartTime(Timestamp.newBuilder().setSeconds(0))
                            .setEndTime(Timestamp.newBuilder().setSeconds(1))
                            .build())
                    .hasNext()));
    calls.put(
        "PhoneNumberService/ListPhoneNumberChanges",
        new GrpcCall(
            read,
            c ->
                PhoneNumberServiceGrpc.newBlockingStub(c)
                    .listPhoneNumberChanges(
                        ListPhoneNumberChangesRequest.newBuilder().setPhoneNumber(ref).build())));
    calls.put(
        "TrunkService/CreateTrunk",
        new GrpcCall(
            write,
            c ->
                TrunkServiceGrpc.newBlockingStub(c)
                    .createTrunk(
                        CreateTrunkRequest.newBuilder()
                            .setTrunk(
                                Trunk.newBuilder()
                                    .setNumber(NUMBER)
                                    .setChannel(TrunkChannel.TRUNK_CHANNEL_CALL)
                                    .setSip(SipSettings.newBuilder().setGateway("sip.example.com")))
                            .build())));
    calls.put(
        "TrunkService/GetTrunk",
        new GrpcCall(
            read,
            c ->
                TrunkServiceGrpc.newBlockingStub(c)
                    .getTrunk(GetTrunkRequest.newBuilder().setTrunk(trunk).build())));
    calls.put(
        "TrunkService/ListTrunks",
        new GrpcCall(
            read,
            c ->
                TrunkServiceGrpc.newBlockingStub(c)
                    .listTrunks(ListTrunksRequest.getDefaultInstance())));
    calls.put(
        "TrunkService/UpdateTrunk",
        new GrpcCall(
            write,
            c ->
                TrunkServiceGrpc.newBlockingStub(c)
                    .updateTrunk(
                        UpdateTrunkRequest.newBuilder()
                            .setTrunk(Trunk.newBuilder().setId(uuid).setName("n"))
                            .setUpdateMask(FieldMask.newBuilder().addPaths("name"))
                            .build())));
    calls.put(
        "TrunkService/AssignTrunk",
        new GrpcCall(
            write,
            c ->
                TrunkServiceGrpc.newBlockingStub(c)
                    .assignTrunk(
                        AssignTrunkRequest.newBuilder()
                            .setTrunk(trunk)
                            .setAgentId("agent-1")
                            .build())));
    calls.put(
        "TrunkService/DeleteTrunk",
        new GrpcCall(
            write,
            c ->
                TrunkServiceGrpc.newBlockingStub(c)
                    .deleteTrunk(DeleteTrunkRequest.newBuilder().setTrunk(trunk).build())));
    calls.put(
        "BindingService/BindAgent",
        new GrpcCall(
            write,
            c ->
                BindingServiceGrpc.newBlockingStub(c)
                    .bindAgent(
                        BindAgentRequest.newBuilder()
                            .setPhoneNumber(ref)
                            .setChannel(Channel.CHANNEL_CALL)
                            .setAgentId("agent-1")
                            .build())));
    calls.put(
        "BindingService/UnbindAgent",
        new GrpcCall(
            write,
            c ->
                BindingServiceGrpc.newBlockingStub(c)
                    .unbindAgent(
                        UnbindAgentRequest.newBuilder()
                            .setPhoneNumber(ref)
                            .setChannel(Channel.CHANNEL_CALL)
                            .build())));
    calls.put(
        "BindingService/ListBindings",
        new GrpcCall(
            read,
            c ->
                BindingServiceGrpc.newBlockingStub(c)
                    .listBindings(ListBindingsRequest.getDefaultInstance())));
    calls.put(
        "AgentService/UpsertAgent",
        new GrpcCall(
            write,
            c ->
                AgentServiceGrpc.newBlockingStub(c)
                    .upsertAgent(
                        UpsertAgentRequest.newBuilder()
                            .setAgent(Agent.newBuilder().setId("agent-1").setDisplayName("A"))
                            .build())));
    calls.put(
        "AgentService/GetAgent",
        new GrpcCall(
            read,
            c ->
                AgentServiceGrpc.newBlockingStub(c)
                    .getAgent(GetAgentRequest.newBuilder().setId("agent-1").build())));
    calls.put(
        "InventoryService/ImportNumbers",
        new GrpcCall(
            Set.of(Scope.INVENTORY_WRITE),
            c ->
                InventoryServiceGrpc.newBlockingStub(c)
                    .importNumbers(
                        ImportNumbersRequest.newBuilder()
                            .addNumbers(
                                AvailableNumber.newBuilder()
                                    .setNumber(NUMBER)
                                    .setType(NumberType.NUMBER_TYPE_LOCAL)
                                    .setMonthlyFee(
                                        Money.newBuilder().setAmount("1.00").setCurrency("EUR")))
                            .build())));
    calls.put(
        "InventoryService/SearchAvailableNumbers",
        new GrpcCall(
            read,
            c ->
                InventoryServiceGrpc.newBlockingStub(c)
                    .searchAvailableNumbers(SearchAvailableNumbersRequest.getDefaultInstance())));
    Set<Scope> admin = Set.of(Scope.ADMIN);
    calls.put(
        "AdminService/CreateOrganization",
        new GrpcCall(
            admin,
            c ->
                AdminServiceGrpc.newBlockingStub(c)
                    .createOrganization(
                        CreateOrganizationRequest.newBuilder()
                            .setName("org-" + UUID.randomUUID())
                            .build())));
    calls.put(
        "AdminService/CreateApiKey",
        new GrpcCall(
            admin,
            c ->
                AdminServiceGrpc.newBlockingStub(c)
                    .createApiKey(
                        CreateApiKeyRequest.newBuilder()
                            .setOrganizationId(tenant.id())
                            .setName("k")
                            .addScopes("numbers:read")
                            .build())));
    calls.put(
        "AdminService/RevokeApiKey",
        new GrpcCall(
            admin,
            c ->
                AdminServiceGrpc.newBlockingStub(c)
                    .revokeApiKey(
                        RevokeApiKeyRequest.newBuilder()
                            .setOrganizationId(tenant.id())
                            .setApiKeyId(uuid)
                            .build())));
    calls.put(
        "AdminService/ListApiKeys",
        new GrpcCall(
            admin,
            c ->
                AdminServiceGrpc.newBlockingStub(c)
                    .listApiKeys(
                        ListApiKeysRequest.newBuilder().setOrganizationId(tenant.id()).build())));
    calls.put(
        "RoutingService/ResolveInbound",
        new GrpcCall(
            Set.of(Scope.ROUTING),
            c ->
                RoutingServiceGrpc.newBlockingStub(c)
                    .resolveInbound(
                        ResolveInboundRequest.newBuilder()
                            .setCalledNumber(NUMBER)
                            .setChannel(Channel.CHANNEL_CALL)
                            .build())));
    calls.put(
        "RoutingService/PreviewRouting",
        new GrpcCall(
            read,
            c ->
                RoutingServiceGrpc.newBlockingStub(c)
                    .previewRouting(
                        PreviewRoutingRequest.newBuilder()
                            .setCalledNumber(NUMBER)
                            .setChannel(Channel.CHANNEL_CALL)
                            .build())));
    calls.put(
        "RoutingService/GetTrunkCredentials",
        new GrpcCall(
            Set.of(Scope.TRUNK_CREDENTIALS),
            c ->
                RoutingServiceGrpc.newBlockingStub(c)
                    .getTrunkCredentials(
                        GetTrunkCredentialsRequest.newBuilder().setTrunk(trunk).build())));
    calls.put(
        "WebhookService/CreateWebhookEndpoint",
        new GrpcCall(
            write,
            c ->
                WebhookServiceGrpc.newBlockingStub(c)
                    .createWebhookEndpoint(
                        CreateWebhookEndpointRequest.newBuilder()
                            .setWebhookEndpoint(
                                WebhookEndpoint.newBuilder()
                                    .setUrl("https://hooks.example.com/in")
                                    .addEventTypes("number.updated"))
                            .build())));
    calls.put(
        "WebhookService/GetWebhookEndpoint",
        new GrpcCall(
            read,
            c ->
                WebhookServiceGrpc.newBlockingStub(c)
                    .getWebhookEndpoint(
                        GetWebhookEndpointRequest.newBuilder().setId(uuid).build())));
    calls.put(
        "WebhookService/ListWebhookEndpoints",
        new GrpcCall(
            read,
            c ->
                WebhookServiceGrpc.newBlockingStub(c)
                    .listWebhookEndpoints(ListWebhookEndpointsRequest.getDefaultInstance())));
    calls.put(
        "WebhookService/UpdateWebhookEndpoint",
        new GrpcCall(
            write,
            c ->
                WebhookServiceGrpc.newBlockingStub(c)
                    .updateWebhookEndpoint(
                        UpdateWebhookEndpointRequest.newBuilder()
                            .setWebhookEndpoint(WebhookEndpoint.newBuilder().setId(uuid))
                            .setUpdateMask(FieldMask.newBuilder().addPaths("enabled"))
                            .build())));
    calls.put(
        "WebhookService/DeleteWebhookEndpoint",
        new GrpcCall(
            write,
            c ->
                WebhookServiceGrpc.newBlockingStub(c)
                    .deleteWebhookEndpoint(
                        DeleteWebhookEndpointRequest.newBuilder().setId(uuid).build())));
    calls.put(
        "WebhookService/RollWebhookSecret",
        new GrpcCall(
            write,
            c ->
                WebhookServiceGrpc.newBlockingStub(c)
                    .rollWebhookSecret(RollWebhookSecretRequest.newBuilder().setId(uuid).build())));
    calls.put(
        "WebhookService/ListWebhookDeliveries",
        new GrpcCall(
            read,
            c ->
                WebhookServiceGrpc.newBlockingStub(c)
                    .listWebhookDeliveries(
                        ListWebhookDeliveriesRequest.newBuilder().setEndpointId(uuid).build())));
    calls.put(
        "WebhookService/ReplayWebhookDelivery",
        new GrpcCall(
            write,
            c ->
                WebhookServiceGrpc.newBlockingStub(c)
                    .replayWebhookDelivery(
                        ReplayWebhookDeliveryRequest.newBuilder()
                            .setEndpointId(uuid)
                            .setDeliveryId("msg_0")
                            .build())));
    // either scope opens the feed (routing: every organization; numbers:read: the caller's own)
    calls.put(
        "RoutingService/WatchChanges",
        new GrpcCall(
            Set.of(Scope.ROUTING, Scope.NUMBERS_READ),
            c ->
                RoutingServiceGrpc.newBlockingStub(c)
                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                    .watchChanges(WatchChangesRequest.getDefaultInstance())
                    .hasNext()));
    String operation = "operations/" + uuid;
    calls.put(
        "JobService/StartImportNumbersJob",
        new GrpcCall(
            Set.of(Scope.INVENTORY_WRITE),
            c ->
                JobCalls.startImport(
                    c,
                    List.of(
                        StartImportNumbersJobRequest.newBuilder()
                            .setRequestId("auth-import")
                            .addNumbers(
                                AvailableNumber.newBuilder()
                                    .setNumber(NUMBER)
                                    .setType(NumberType.NUMBER_TYPE_LOCAL)
                                    .setMonthlyFee(
                                        Money.newBuilder().setAmount("1.00").setCurrency("EUR")))
                            .build()))));
    calls.put(
        "JobService/StartUpdateNumbersJob",
        new GrpcCall(
            write,
            c ->
                JobCalls.startUpdate(
                    c,
                    List.of(
                        StartUpdateNumbersJobRequest.newBuilder()
                            .setRequestId("auth-update")
                            .addItems(
                                StartUpdateNumbersJobRequest.Item.newBuilder()
                                    .setPhoneNumber(
                                        PhoneNumber.newBuilder()
                                            .setId(uuid)
                                            .setRouting(Routing.newBuilder().setLabel("l")))
                                    .setUpdateMask(
                                        FieldMask.newBuilder().addPaths("routing.label")))
                            .build()))));
    calls.put(
        "JobService/StartReleaseNumbersJob",
        new GrpcCall(
            write,
            c ->
                JobCalls.startRelease(
                    c,
                    List.of(
                        StartReleaseNumbersJobRequest.newBuilder()
                            .setRequestId("auth-release")
                            .addPhoneNumbers(ref)
                            .build()))));
    calls.put(
        "JobService/ListJobItemFailures",
        new GrpcCall(
            read,
            c ->
                JobServiceGrpc.newBlockingStub(c)
                    .listJobItemFailures(
                        ListJobItemFailuresRequest.newBuilder().setName(operation).build())));
    calls.put(
        "google.longrunning.Operations/GetOperation",
        new GrpcCall(read, c -> JobCalls.get(c, operation)));
    calls.put(
        "google.longrunning.Operations/ListOperations",
        new GrpcCall(read, c -> JobCalls.list(c, ListOperationsRequest.getDefaultInstance())));
    calls.put(
        "google.longrunning.Operations/CancelOperation",
        new GrpcCall(
            read,
            c -> {
              JobCalls.cancel(c, operation);
              return null;
            }));
    calls.put(
        "google.longrunning.Operations/DeleteOperation",
        new GrpcCall(
            read,
            c -> {
              JobCalls.delete(c, operation);
              return null;
            }));
    calls.put(
        "google.longrunning.Operations/WaitOperation",
        new GrpcCall(read, c -> JobCalls.await(c, operation, 1)));
    return calls;
  }

  @Test
  @Order(2)
  void every_grpc_method_refuses_missing_malformed_revoked_and_wrong_scope_keys() {
    Map<String, GrpcCall> calls = grpcCalls();
    assertThat(calls.keySet())
        .as("every gRPC method is covered")
        .containsExactlyInAnyOrderElementsOf(Endpoints.grpcMethods(service.useCases()));
    List<ManagedChannel> unauthenticated = new ArrayList<>();
    unauthenticated.add(service.channel(null));
    MALFORMED_HEADERS.forEach(h -> unauthenticated.add(service.channelWithAuthorization(h)));
    unauthenticated.add(service.channel(revokedKey));
    int refusals = 0;
    for (var entry : calls.entrySet()) {
      for (ManagedChannel channel : unauthenticated) {
        expectGrpc(Status.Code.UNAUTHENTICATED, entry.getKey(), entry.getValue().call(), channel);
        refusals++;
      }
      expectGrpc(
          Status.Code.PERMISSION_DENIED,
          entry.getKey(),
          entry.getValue().call(),
          service.channel(keyWithout(entry.getValue().needs())));
      refusals++;
    }
    System.out.printf(
        "RELIABILITY auth-grpc: %d methods, %d refusals (missing, %d malformed, revoked, wrong scope), "
            + "0 let through%n",
        calls.size(), refusals, MALFORMED_HEADERS.size());
  }

  private static void expectGrpc(
      Status.Code expected,
      String method,
      Function<ManagedChannel, Object> call,
      ManagedChannel channel) {
    StatusRuntimeException e =
        catchThrowableOfType(StatusRuntimeException.class, () -> call.apply(channel));
    assertThat(e).as("%s was let through", method).isNotNull();
    assertThat(e.getStatus().getCode()).as("%s: %s", method, e.getStatus()).isEqualTo(expected);
  }

  // --- storage
  // -----------------------------------------------------------------------------------------------------

  /** Last, so that it sees every key the other tests created. */
  @Test
  @Order(3)
  void keys_are_stored_as_their_sha256_only() throws Exception {
    knownSecrets.add(tenant.apiKey(Scope.NUMBERS_READ));
    int rows = 0;
    List<byte[]> hashes = new ArrayList<>();
    try (Connection connection = service.database().openConnection();
        Statement statement = connection.createStatement();
        ResultSet keys = statement.executeQuery("SELECT * FROM api_keys")) {
      int columns = keys.getMetaData().getColumnCount();
      while (keys.next()) {
        rows++;
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          Object value = keys.getObject(i);
          row.append(
                  value instanceof byte[] bytes
                      ? new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)
                          + HexFormat.of().formatHex(bytes)
                      : String.valueOf(value))
              .append('|');
        }
        byte[] hash = keys.getBytes("secret_hash");
        assertThat(hash).hasSize(32);
        hashes.add(hash);
        for (String secret : knownSecrets) {
          assertThat(row.toString()).as("a stored key row holds a secret").doesNotContain(secret);
        }
        assertThat(keys.getString("prefix").length()).isLessThan(20);
      }
    }
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    for (String secret : knownSecrets) {
      byte[] expected = sha256.digest(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertThat(hashes)
          .as("the SHA-256 of a secret is stored")
          .anySatisfy(h -> assertThat(h).isEqualTo(expected));
    }
    System.out.printf(
        "RELIABILITY api-key-storage: %d stored keys, %d secrets checked, each stored as a 32-byte "
            + "SHA-256, 0 secrets in any column%n",
        rows, knownSecrets.size());
  }
}
