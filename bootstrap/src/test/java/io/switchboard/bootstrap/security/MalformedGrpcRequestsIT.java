package io.switchboard.bootstrap.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.FieldMask;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.switchboard.proto.v1.AdminServiceGrpc;
import io.switchboard.proto.v1.Agent;
import io.switchboard.proto.v1.AgentServiceGrpc;
import io.switchboard.proto.v1.AssignTrunkRequest;
import io.switchboard.proto.v1.AvailableNumber;
import io.switchboard.proto.v1.BindAgentRequest;
import io.switchboard.proto.v1.BindingServiceGrpc;
import io.switchboard.proto.v1.ChannelSettings;
import io.switchboard.proto.v1.CreateApiKeyRequest;
import io.switchboard.proto.v1.CreateOrganizationRequest;
import io.switchboard.proto.v1.CreateTrunkRequest;
import io.switchboard.proto.v1.DeleteTrunkRequest;
import io.switchboard.proto.v1.GetAgentRequest;
import io.switchboard.proto.v1.GetChannelSnapshotRequest;
import io.switchboard.proto.v1.GetPhoneNumberRequest;
import io.switchboard.proto.v1.GetTrunkCredentialsRequest;
import io.switchboard.proto.v1.GetTrunkRequest;
import io.switchboard.proto.v1.ImportNumbersRequest;
import io.switchboard.proto.v1.InboundChannel;
import io.switchboard.proto.v1.InventoryServiceGrpc;
import io.switchboard.proto.v1.ListApiKeysRequest;
import io.switchboard.proto.v1.ListBindingsRequest;
import io.switchboard.proto.v1.ListPhoneNumberChangesRequest;
import io.switchboard.proto.v1.ListPhoneNumbersRequest;
import io.switchboard.proto.v1.ListTrunksRequest;
import io.switchboard.proto.v1.Money;
import io.switchboard.proto.v1.OrderPhoneNumbersRequest;
import io.switchboard.proto.v1.OutboundChannel;
import io.switchboard.proto.v1.PhoneNumber;
import io.switchboard.proto.v1.PhoneNumberRef;
import io.switchboard.proto.v1.PhoneNumberServiceGrpc;
import io.switchboard.proto.v1.PurchasePhoneNumberRequest;
import io.switchboard.proto.v1.ReleasePhoneNumberRequest;
import io.switchboard.proto.v1.ResolveInboundRequest;
import io.switchboard.proto.v1.RevokeApiKeyRequest;
import io.switchboard.proto.v1.Routing;
import io.switchboard.proto.v1.RoutingServiceGrpc;
import io.switchboard.proto.v1.SearchAvailableNumbersRequest;
import io.switchboard.proto.v1.SipSettings;
import io.switchboard.proto.v1.Trunk;
import io.switchboard.proto.v1.TrunkRef;
import io.switchboard.proto.v1.TrunkServiceGrpc;
import io.switchboard.proto.v1.UnbindAgentRequest;
import io.switchboard.proto.v1.UpdatePhoneNumberRequest;
import io.switchboard.proto.v1.UpdateTrunkRequest;
import io.switchboard.proto.v1.UpsertAgentRequest;
import io.switchboard.proto.v1.Webhook;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Case 7, property half for gRPC: well-formed protobuf messages with hostile contents (bad ids and
 * numbers, bad filters, tampered tokens, unknown field-mask paths, negative or huge numbers,
 * unknown enum values, huge strings) sent to every switchboard.v1 method of the real server with a
 * key that has every scope, so every parser is reached. Every answer is OK or a client error
 * (INVALID_ARGUMENT, NOT_FOUND, ...); none is INTERNAL or UNKNOWN, and the service logs no ERROR
 * line.
 */
class MalformedGrpcRequestsIT {
  private static final Set<Status.Code> SERVER_FAULTS =
      Set.of(
          Status.Code.INTERNAL,
          Status.Code.UNKNOWN,
          Status.Code.UNIMPLEMENTED,
          Status.Code.DATA_LOSS,
          Status.Code.UNAVAILABLE,
          Status.Code.DEADLINE_EXCEEDED);

  private static final AtomicLong calls = new AtomicLong();
  private static final AtomicLong serverFaults = new AtomicLong();
  private static final Map<Status.Code, AtomicLong> byCode = new EnumMap<>(Status.Code.class);

  private static RunningService service;
  private static LogCapture logs;
  private static ManagedChannel channel;
  private static String realNumberId;
  private static String realToken;

  @BeforeContainer
  static void start() {
    service = RunningService.start(MalformedGrpcRequestsIT.class);
    logs = LogCapture.attach();
    channel = service.channel(service.operatorKey());
    var operator = service.operator();
    service.stock("+12085550300");
    realNumberId =
        service
            .useCases()
            .purchasePhoneNumber()
            .purchase(operator, io.switchboard.domain.number.E164.parse("+12085550300"))
            .number()
            .id()
            .toString();
    service.stock("+12085550301");
    service
        .useCases()
        .purchasePhoneNumber()
        .purchase(operator, io.switchboard.domain.number.E164.parse("+12085550301"));
    realToken =
        PhoneNumberServiceGrpc.newBlockingStub(channel)
            .listPhoneNumbers(ListPhoneNumbersRequest.newBuilder().setPageSize(1).build())
            .getNextPageToken();
    assertThat(realToken).isNotEmpty();
  }

  @AfterContainer
  static void report() {
    if (service == null) {
      return;
    }
    try {
      List<String> errors = logs.errors();
      System.out.printf(
          "RELIABILITY hostile-input-grpc: %d calls %s, %d INTERNAL/UNKNOWN, %d ERROR log lines%n",
          calls.get(), byCode, serverFaults.get(), errors.size());
      assertThat(serverFaults.get()).isZero();
      assertThat(errors).isEmpty();
      assertThat(calls.get()).isGreaterThanOrEqualTo(3000);
    } finally {
      if (logs != null) {
        logs.close();
      }
      if (service != null) {
        service.close();
      }
    }
  }

  /** The hostile contents of one call; each method builds its request from them. */
  record Hostile(
      String text,
      String other,
      String id,
      int number,
      int small,
      int enumValue,
      List<String> paths) {}

  @Property(tries = 3500, shrinking = ShrinkingMode.OFF)
  void hostile_messages_get_a_client_error(
      @ForAll("methods") String method, @ForAll("hostile") Hostile h) {
    calls.incrementAndGet();
    try {
      CALLS.get(method).apply(h);
      count(Status.Code.OK);
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      count(code);
      if (SERVER_FAULTS.contains(code)) {
        serverFaults.incrementAndGet();
      }
      assertThat(code).as("%s with %s: %s", method, h, e.getStatus()).isNotIn(SERVER_FAULTS);
    }
  }

  private static synchronized void count(Status.Code code) {
    byCode.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
  }

  @Provide
  Arbitrary<String> methods() {
    return Arbitraries.of(CALLS.keySet());
  }

  @Provide
  Arbitrary<Hostile> hostile() {
    Arbitrary<String> texts =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(40),
            Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(80),
            Arbitraries.of(
                "",
                " ",
                "+",
                "+12085550300",
                "+1 (208) 555-0300",
                "0012085550300",
                "+99999999999999999",
                "00000000-0000-0000-0000-000000000000",
                "not-a-uuid",
                "status = \"active\"",
                "status = active OR x = y",
                "search = \"",
                "include_external = maybe",
                "type = local AND type = local",
                "' OR 1=1 --",
                "https://",
                "javascript:alert(1)",
                "ftp://example.com",
                "numbers:read",
                "internal:admin",
                "\u0000",
                "\uD83D\uDE00",
                "AAAA",
                "////",
                "x".repeat(5000),
                "9".repeat(70_000)));
    Arbitrary<String> ids =
        Arbitraries.oneOf(
            texts,
            Arbitraries.just(realNumberId),
            Arbitraries.integers()
                .between(0, realToken.length() - 1)
                .flatMap(i ->
                    Arbitraries.chars()
                        .map(c -> realToken.substring(0, i) + c + realToken.substring(i + 1))));
    Arbitrary<Integer> numbers =
        Arbitraries.oneOf(
            Arbitraries.integers(),
            Arbitraries.of(
                0, -1, 1, 65535, 65536, 100_000, 100_001, Integer.MAX_VALUE, Integer.MIN_VALUE));
    Arbitrary<List<String>> paths =
        Arbitraries.of(
                "*",
                "",
                "channel_settings",
                "channel_settings.voice",
                "channel_settings.voice.channel_limit",
                "channel_settings.sms.whitelisted_destinations",
                "channel_settings.inbound.enabled",
                "routing",
                "routing.webhooks",
                "routing.inbound_url",
                "routing.label",
                "routing.campaign_id",
                "id",
                "number",
                "etag",
                "name",
                "direction",
                "sip",
                "sip.port",
                "sip.password",
                "sip.gateway",
                "additional_settings",
                "unknown",
                "channel_settings..voice",
                "routing.*",
                " routing",
                "a.b.c.d.e")
            .list()
            .ofMaxSize(4);
    return Combinators.combine(
            texts,
            texts,
            ids,
            numbers,
            Arbitraries.integers().between(-3, 2000),
            Arbitraries.integers().between(-2, 12),
            paths)
        .as(Hostile::new);
  }

  private static final Map<String, Function<Hostile, Object>> CALLS =
      Map.ofEntries(
          Map.entry(
              "GetPhoneNumber",
              h ->
                  numbers()
                      .getPhoneNumber(
                          GetPhoneNumberRequest.newBuilder().setPhoneNumber(ref(h)).build())),
          Map.entry(
              "ListPhoneNumbers",
              h ->
                  numbers()
                      .listPhoneNumbers(
                          ListPhoneNumbersRequest.newBuilder()
                              .setFilter(h.text())
                              .setOrderBy(h.other())
                              .setPageSize(h.number())
                              .setPageToken(h.id())
                              .build())),
          Map.entry(
              "UpdatePhoneNumber",
              h ->
                  numbers()
                      .updatePhoneNumber(
                          UpdatePhoneNumberRequest.newBuilder()
                              .setPhoneNumber(
                                  PhoneNumber.newBuilder()
                                      .setId(h.id())
                                      .setNumber(h.other())
                                      .setEtag(h.other())
                                      .setChannelSettings(
                                          ChannelSettings.newBuilder()
                                              .setVoice(
                                                  OutboundChannel.newBuilder()
                                                      .setEnabled(true)
                                                      .setChannelLimit(h.number())
                                                      .addWhitelistedDestinations(h.text()))
                                              .setInbound(
                                                  InboundChannel.newBuilder()
                                                      .setChannelLimit(h.small())))
                                      .setRouting(
                                          Routing.newBuilder()
                                              .setInboundUrl(h.text())
                                              .setStatusUrl(h.other())
                                              .setInboundAgentId(h.text())
                                              .setCampaignId(h.other())
                                              .setLabel(h.text())
                                              .addWebhooks(
                                                  Webhook.newBuilder()
                                                      .setUrl(h.text())
                                                      .addEventsValue(h.enumValue())
                                                      .setMethodValue(h.enumValue())
                                                      .putHeaders(h.other(), h.text())
                                                      .setFilter(h.other()))))
                              .setUpdateMask(FieldMask.newBuilder().addAllPaths(h.paths()))
                              .setRequestId(h.other())
                              .build())),
          Map.entry(
              "GetChannelSnapshot",
              h ->
                  numbers()
                      .getChannelSnapshot(
                          GetChannelSnapshotRequest.newBuilder().setPhoneNumber(ref(h)).build())),
          Map.entry(
              "PurchasePhoneNumber",
              h ->
                  numbers()
                      .purchasePhoneNumber(
                          PurchasePhoneNumberRequest.newBuilder()
                              .setNumber(h.text())
                              .setRequestId(h.other())
                              .build())),
          Map.entry(
              "OrderPhoneNumbers",
              h ->
                  numbers()
                      .orderPhoneNumbers(
                          OrderPhoneNumbersRequest.newBuilder()
                              .addNumbers(h.text())
                              .addNumbers(h.other())
                              .setRouting(Routing.newBuilder().setInboundUrl(h.other()))
                              .setRequestId(h.id())
                              .build())),
          // never names a real number, so the property does not release what the other calls read
          Map.entry(
              "ReleasePhoneNumber",
              h ->
                  numbers()
                      .releasePhoneNumber(
                          ReleasePhoneNumberRequest.newBuilder()
                              .setPhoneNumber(PhoneNumberRef.newBuilder().setNumber(h.text()))
                              .setEtag(h.other())
                              .setReturnToCarrier(h.small() % 2 == 0)
                              .setRequestId(h.other())
                              .build())),
          Map.entry(
              "ListPhoneNumberChanges",
              h ->
                  numbers()
                      .listPhoneNumberChanges(
                          ListPhoneNumberChangesRequest.newBuilder()
                              .setPhoneNumber(ref(h))
                              .setPageSize(h.number())
                              .setPageToken(h.text())
                              .build())),
          Map.entry(
              "CreateTrunk",
              h ->
                  trunks()
                      .createTrunk(
                          CreateTrunkRequest.newBuilder()
                              .setTrunk(trunk(h))
                              .setAgentId(h.other())
                              .setConflictPolicyValue(h.enumValue())
                              .setRequestId(h.text())
                              .build())),
          Map.entry(
              "GetTrunk",
              h -> trunks().getTrunk(GetTrunkRequest.newBuilder().setTrunk(trunkRef(h)).build())),
          Map.entry(
              "ListTrunks",
              h ->
                  trunks()
                      .listTrunks(
                          ListTrunksRequest.newBuilder()
                              .setChannelValue(h.enumValue())
                              .setPageSize(h.number())
                              .setPageToken(h.id())
                              .build())),
          Map.entry(
              "UpdateTrunk",
              h ->
                  trunks()
                      .updateTrunk(
                          UpdateTrunkRequest.newBuilder()
                              .setTrunk(trunk(h))
                              .setUpdateMask(FieldMask.newBuilder().addAllPaths(h.paths()))
                              .setRequestId(h.other())
                              .build())),
          Map.entry(
              "AssignTrunk",
              h ->
                  trunks()
                      .assignTrunk(
                          AssignTrunkRequest.newBuilder()
                              .setTrunk(trunkRef(h))
                              .setAgentId(h.other())
                              .setConflictPolicyValue(h.enumValue())
                              .build())),
          Map.entry(
              "DeleteTrunk",
              h ->
                  trunks()
                      .deleteTrunk(
                          DeleteTrunkRequest.newBuilder()
                              .setTrunk(trunkRef(h))
                              .setRequestId(h.other())
                              .build())),
          Map.entry(
              "BindAgent",
              h ->
                  bindings()
                      .bindAgent(
                          BindAgentRequest.newBuilder()
                              .setPhoneNumber(ref(h))
                              .setChannelValue(h.enumValue())
                              .setAgentId(h.other())
                              .setConflictPolicyValue(h.small() % 5)
                              .build())),
          Map.entry(
              "UnbindAgent",
              h ->
                  bindings()
                      .unbindAgent(
                          h.small() % 2 == 0
                              ? UnbindAgentRequest.newBuilder()
                                  .setPhoneNumber(ref(h))
                                  .setChannelValue(h.enumValue())
                                  .build()
                              : UnbindAgentRequest.newBuilder()
                                  .setAgentId(h.text())
                                  .setChannelValue(h.enumValue())
                                  .build())),
          Map.entry(
              "ListBindings",
              h ->
                  bindings()
                      .listBindings(
                          ListBindingsRequest.newBuilder()
                              .setAgentId(h.text())
                              .setPhoneNumber(ref(h))
                              .build())),
          Map.entry(
              "UpsertAgent",
              h ->
                  agents()
                      .upsertAgent(
                          UpsertAgentRequest.newBuilder()
                              .setAgent(
                                  Agent.newBuilder().setId(h.text()).setDisplayName(h.other()))
                              .setRequestId(h.id())
                              .build())),
          Map.entry(
              "GetAgent",
              h -> agents().getAgent(GetAgentRequest.newBuilder().setId(h.text()).build())),
          Map.entry(
              "ImportNumbers",
              h ->
                  inventory()
                      .importNumbers(
                          ImportNumbersRequest.newBuilder()
                              .addNumbers(
                                  AvailableNumber.newBuilder()
                                      .setNumber(h.text())
                                      .setTypeValue(h.enumValue())
                                      .setMonthlyFee(
                                          Money.newBuilder()
                                              .setAmount(h.other())
                                              .setCurrency(h.id()))
                                      .setLocation(h.other()))
                              .build())),
          Map.entry(
              "SearchAvailableNumbers",
              h ->
                  inventory()
                      .searchAvailableNumbers(
                          SearchAvailableNumbersRequest.newBuilder()
                              .setCountryCode(h.text())
                              .setTypeValue(h.enumValue())
                              .setPattern(h.other())
                              .setAreaCode(h.id())
                              .setPageSize(h.number())
                              .build())),
          Map.entry(
              "CreateOrganization",
              h ->
                  admin()
                      .createOrganization(
                          CreateOrganizationRequest.newBuilder()
                              .setName(h.text())
                              .setPurchaseLimit(h.number())
                              .build())),
          Map.entry(
              "CreateApiKey",
              h ->
                  admin()
                      .createApiKey(
                          CreateApiKeyRequest.newBuilder()
                              .setOrganizationId(h.id())
                              .setName(h.text())
                              .addScopes(h.other())
                              .build())),
          Map.entry(
              "RevokeApiKey",
              h ->
                  admin()
                      .revokeApiKey(
                          RevokeApiKeyRequest.newBuilder()
                              .setOrganizationId(h.text())
                              .setApiKeyId(h.id())
                              .build())),
          Map.entry(
              "ListApiKeys",
              h ->
                  admin()
                      .listApiKeys(
                          ListApiKeysRequest.newBuilder().setOrganizationId(h.id()).build())),
          Map.entry(
              "ResolveInbound",
              h ->
                  routing()
                      .resolveInbound(
                          ResolveInboundRequest.newBuilder()
                              .setCalledNumber(h.text())
                              .setChannelValue(h.enumValue())
                              .setCaller(h.other())
                              .build())),
          Map.entry(
              "GetTrunkCredentials",
              h ->
                  routing()
                      .getTrunkCredentials(
                          GetTrunkCredentialsRequest.newBuilder().setTrunk(trunkRef(h)).build())),
          // a watch from a hostile revision: the first event or the end of a short deadline,
          // whichever comes first
          Map.entry(
              "WatchChanges",
              h -> {
                var events =
                    RoutingServiceGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(100, TimeUnit.MILLISECONDS)
                        .watchChanges(
                            io.switchboard.proto.v1.WatchChangesRequest.newBuilder()
                                .setSinceRevision((long) h.number() * h.small())
                                .build());
                try {
                  return events.hasNext() ? events.next() : null;
                } catch (StatusRuntimeException e) {
                  if (e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
                    return null; // nothing newer than the revision: the stream waits, as documented
                  }
                  throw e;
                }
              }));

  private static PhoneNumberRef ref(Hostile h) {
    return switch (Math.floorMod(h.small(), 3)) {
      case 0 -> PhoneNumberRef.newBuilder().setId(h.id()).build();
      case 1 -> PhoneNumberRef.newBuilder().setNumber(h.text()).build();
      default -> PhoneNumberRef.getDefaultInstance();
    };
  }

  private static TrunkRef trunkRef(Hostile h) {
    return switch (Math.floorMod(h.small(), 3)) {
      case 0 -> TrunkRef.newBuilder().setId(h.id()).build();
      case 1 ->
          TrunkRef.newBuilder()
              .setKey(TrunkRef.Key.newBuilder().setNumber(h.text()).setChannelValue(h.enumValue()))
              .build();
      default -> TrunkRef.getDefaultInstance();
    };
  }

  private static Trunk trunk(Hostile h) {
    return Trunk.newBuilder()
        .setId(h.id())
        .setNumber(h.text())
        .setChannelValue(h.enumValue())
        .setName(h.other())
        .setDirectionValue(h.small() % 6)
        .setSip(
            SipSettings.newBuilder()
                .setGateway(h.other())
                .setPort(h.number())
                .setUsername(h.text())
                .setPassword(h.other())
                .setSecondaryGateway(h.text()))
        .setAdditionalSettings(
            Struct.newBuilder()
                .putFields(h.text(), Value.newBuilder().setStringValue(h.other()).build()))
        .setEtag(h.other())
        .build();
  }

  private static PhoneNumberServiceGrpc.PhoneNumberServiceBlockingStub numbers() {
    return PhoneNumberServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  private static TrunkServiceGrpc.TrunkServiceBlockingStub trunks() {
    return TrunkServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  private static BindingServiceGrpc.BindingServiceBlockingStub bindings() {
    return BindingServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  private static AgentServiceGrpc.AgentServiceBlockingStub agents() {
    return AgentServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  private static InventoryServiceGrpc.InventoryServiceBlockingStub inventory() {
    return InventoryServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  private static AdminServiceGrpc.AdminServiceBlockingStub admin() {
    return AdminServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  private static RoutingServiceGrpc.RoutingServiceBlockingStub routing() {
    return RoutingServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }
}
