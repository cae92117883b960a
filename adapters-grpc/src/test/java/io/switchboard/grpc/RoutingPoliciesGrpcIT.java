package io.switchboard.grpc;

import static io.switchboard.grpc.GrpcTestServer.as;
import static io.switchboard.grpc.GrpcTestServer.badFields;
import static io.switchboard.grpc.GrpcTestServer.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.FieldMask;
import com.google.protobuf.Timestamp;
import io.grpc.Status.Code;
import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.domain.org.Scope;
import io.switchboard.persistence.testing.TestApplication;
import io.switchboard.proto.v1.BusinessHours;
import io.switchboard.proto.v1.CallerScreening;
import io.switchboard.proto.v1.ChangeEvent;
import io.switchboard.proto.v1.Channel;
import io.switchboard.proto.v1.ChannelPolicies;
import io.switchboard.proto.v1.ChannelSettings;
import io.switchboard.proto.v1.FieldChange;
import io.switchboard.proto.v1.GetPhoneNumberRequest;
import io.switchboard.proto.v1.InboundChannel;
import io.switchboard.proto.v1.PhoneNumber;
import io.switchboard.proto.v1.PhoneNumberServiceGrpc;
import io.switchboard.proto.v1.PreviewRoutingRequest;
import io.switchboard.proto.v1.ResolveInboundRequest;
import io.switchboard.proto.v1.ResolveInboundResponse;
import io.switchboard.proto.v1.Routing;
import io.switchboard.proto.v1.RoutingAction;
import io.switchboard.proto.v1.RoutingDestination;
import io.switchboard.proto.v1.RoutingPolicies;
import io.switchboard.proto.v1.RoutingServiceGrpc;
import io.switchboard.proto.v1.RuleEvaluation;
import io.switchboard.proto.v1.TimeRanges;
import io.switchboard.proto.v1.UpdatePhoneNumberRequest;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Routing policies over the real server: updated with masks and etags, decided and explained. */
class RoutingPoliciesGrpcIT {
  static TestApplication app;
  static GrpcTestServer server;
  static final AtomicInteger NUMBERS = new AtomicInteger(3000);
  static final Timestamp MONDAY_1904_BERLIN = at("2026-11-30T18:04:00Z");
  static final Timestamp MONDAY_1000_BERLIN = at("2026-11-30T09:00:00Z");

  @BeforeAll
  static void start() {
    app = TestApplication.start(RoutingPoliciesGrpcIT.class);
    server = new GrpcTestServer(app);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    app.close();
  }

  static Timestamp at(String instant) {
    return Timestamp.newBuilder().setSeconds(Instant.parse(instant).getEpochSecond()).build();
  }

  static final ChannelPolicies CALL_POLICIES =
      ChannelPolicies.newBuilder()
          .setFallback(RoutingDestination.newBuilder().setSipUri("sip:desk@sip.example.com"))
          .setCallerScreening(CallerScreening.newBuilder().addDeny("+1900"))
          .setBusinessHours(
              BusinessHours.newBuilder()
                  .setTimeZone("Europe/Berlin")
                  .putWeekly("monday", TimeRanges.newBuilder().addRanges("09:00-18:00").build())
                  .putExceptions("2026-12-25", TimeRanges.getDefaultInstance())
                  .setAfterHours(RoutingDestination.newBuilder().setNumber("+4930901820")))
          .build();

  static UpdatePhoneNumberRequest policies(
      String id, String etag, ChannelPolicies call, String... paths) {
    return UpdatePhoneNumberRequest.newBuilder()
        .setPhoneNumber(
            PhoneNumber.newBuilder()
                .setId(id)
                .setEtag(etag)
                .setRouting(
                    Routing.newBuilder().setPolicies(RoutingPolicies.newBuilder().setCall(call))))
        .setUpdateMask(FieldMask.newBuilder().addAllPaths(List.of(paths)))
        .build();
  }

  static ResolveInboundResponse resolve(
      String key, String number, String caller, Timestamp when, Integer activeCalls) {
    var request =
        ResolveInboundRequest.newBuilder()
            .setCalledNumber(number)
            .setChannel(Channel.CHANNEL_CALL)
            .setCaller(caller)
            .setAt(when);
    if (activeCalls != null) {
      request.setActiveCalls(activeCalls);
    }
    app.useCases().routeCache().catchUp();
    return as(RoutingServiceGrpc.newBlockingStub(server.channel()), key)
        .resolveInbound(request.build());
  }

  @Test
  void policies_are_updated_with_masks_and_etags_and_decide_resolve_inbound_with_an_explanation() {
    var acme = app.tenant("acme");
    String router = acme.apiKey(Scope.ROUTING);
    var numbers =
        as(
            PhoneNumberServiceGrpc.newBlockingStub(server.channel()),
            acme.apiKey(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE));
    String e164 = "+1208443" + NUMBERS.getAndIncrement();
    var bought = acme.buy(e164);
    String id = bought.number().id().toString();
    acme.agent("main-agent", "Main");
    app.useCases()
        .bindAgent()
        .bind(
            acme.quickContext(),
            new io.switchboard.application.binding.BindAgentUseCase.Command(
                PhoneNumberRef.of(bought.number().id()),
                io.switchboard.domain.binding.BindingChannel.CALL,
                new io.switchboard.domain.agent.AgentId("main-agent"),
                io.switchboard.domain.binding.BindingConflictPolicy.REJECT));
    String etag = numbers.getPhoneNumber(get(id)).getEtag();

    PhoneNumber updated =
        numbers.updatePhoneNumber(policies(id, etag, CALL_POLICIES, "routing.policies.call"));

    assertThat(updated.getRouting().getPolicies().getCall()).isEqualTo(CALL_POLICIES);
    assertThat(updated.getEtag()).isNotEqualTo(etag);
    assertThat(numbers.getPhoneNumber(get(id)).getRouting().getPolicies().getCall())
        .isEqualTo(CALL_POLICIES);

    var inHours = resolve(router, e164, "+12084439178", MONDAY_1000_BERLIN, null);
    assertThat(inHours.getAction()).isEqualTo(RoutingAction.ROUTING_ACTION_ROUTE_TO_AGENT);
    assertThat(inHours.getTarget()).isEqualTo("main-agent");
    assertThat(inHours.getExplanationList())
        .extracting(RuleEvaluation::getRule)
        .containsExactly("number_state", "caller_screening", "business_hours", "availability");

    var denied = resolve(router, e164, "+1 900 555 0100", MONDAY_1000_BERLIN, null);
    assertThat(denied.getRoutable()).isTrue();
    assertThat(denied.getAction()).isEqualTo(RoutingAction.ROUTING_ACTION_REJECT);
    RuleEvaluation decided = denied.getExplanation(denied.getExplanationCount() - 1);
    assertThat(decided.getDecided()).isTrue();
    assertThat(decided.getResult() + ": " + decided.getDetail())
        .isEqualTo("caller_denied: prefix +1900");

    var afterHours = resolve(router, e164, "+12084439178", MONDAY_1904_BERLIN, null);
    assertThat(afterHours.getAction()).isEqualTo(RoutingAction.ROUTING_ACTION_TRANSFER_TO_NUMBER);
    assertThat(afterHours.getTarget()).isEqualTo("+4930901820");
    assertThat(afterHours.getExplanation(afterHours.getExplanationCount() - 1).getDetail())
        .startsWith("Europe/Berlin Mon 19:04 outside 09:00-18:00");

    // clearing one policy by masking it unset keeps the others
    numbers.updatePhoneNumber(
        policies(
            id, "", ChannelPolicies.getDefaultInstance(), "routing.policies.call.business_hours"));
    numbers.updatePhoneNumber(
        UpdatePhoneNumberRequest.newBuilder()
            .setPhoneNumber(
                PhoneNumber.newBuilder()
                    .setId(id)
                    .setChannelSettings(
                        ChannelSettings.newBuilder()
                            .setInbound(InboundChannel.newBuilder().setChannelLimit(1))))
            .setUpdateMask(
                FieldMask.newBuilder().addPaths("channel_settings.inbound.channel_limit"))
            .build());
    var full = resolve(router, e164, "+12084439178", MONDAY_1904_BERLIN, 1);
    assertThat(full.getAction()).isEqualTo(RoutingAction.ROUTING_ACTION_ROUTE_TO_SIP_URI);
    assertThat(full.getTarget()).isEqualTo("sip:desk@sip.example.com");
    assertThat(full.getExplanationList())
        .extracting(RuleEvaluation::getResult)
        .containsExactly(
            "number_active", "caller_allowed", "agent_available", "limit_reached", "fallback");

    numbers.updatePhoneNumber(
        policies(id, "", ChannelPolicies.getDefaultInstance(), "routing.policies.call.fallback"));
    var busy = resolve(router, e164, "+12084439178", MONDAY_1904_BERLIN, 1);
    assertThat(busy.getAction()).isEqualTo(RoutingAction.ROUTING_ACTION_BUSY);
    assertThat(busy.getTarget()).isEmpty();
  }

  @Test
  void bad_policies_stale_etags_and_unknown_agents_are_refused_naming_the_field() {
    var acme = app.tenant("acme");
    var numbers =
        as(
            PhoneNumberServiceGrpc.newBlockingStub(server.channel()),
            acme.apiKey(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE));
    var bought = acme.buy("+1208443" + NUMBERS.getAndIncrement());
    String id = bought.number().id().toString();
    var bad =
        ChannelPolicies.newBuilder()
            .setFallback(RoutingDestination.newBuilder().setSipUri("sip:pbx@10.0.0.7"))
            .setCallerScreening(CallerScreening.newBuilder().addAllow("premium"))
            .setBusinessHours(
                BusinessHours.newBuilder()
                    .setTimeZone("Mars/Olympus")
                    .putWeekly("monday", TimeRanges.newBuilder().addRanges("18:00-18:00").build()))
            .build();

    assertThat(
            badFields(
                failure(
                    () -> numbers.updatePhoneNumber(policies(id, "", bad, "routing.policies")),
                    Code.INVALID_ARGUMENT,
                    "INVALID_ARGUMENT")))
        .containsExactlyInAnyOrder(
            "phone_number.routing.policies.call.fallback.sip_uri",
            "phone_number.routing.policies.call.caller_screening.allow[0]",
            "phone_number.routing.policies.call.business_hours.time_zone",
            "phone_number.routing.policies.call.business_hours.weekly.monday[0]");
    assertThat(
            badFields(
                failure(
                    () ->
                        numbers.updatePhoneNumber(
                            policies(
                                id,
                                "",
                                ChannelPolicies.newBuilder()
                                    .setFallback(RoutingDestination.getDefaultInstance())
                                    .build(),
                                "routing.policies.call.fallback")),
                    Code.INVALID_ARGUMENT,
                    "INVALID_ARGUMENT")))
        .containsExactly("phone_number.routing.policies.call.fallback");
    assertThat(
            badFields(
                failure(
                    () ->
                        as(
                                RoutingServiceGrpc.newBlockingStub(server.channel()),
                                acme.apiKey(Scope.ROUTING))
                            .resolveInbound(
                                ResolveInboundRequest.newBuilder()
                                    .setCalledNumber(bought.number().number().value())
                                    .setChannel(Channel.CHANNEL_CALL)
                                    .setAt(Timestamp.newBuilder().setSeconds(1).setNanos(-5))
                                    .setActiveCalls(-1)
                                    .build()),
                    Code.INVALID_ARGUMENT,
                    "INVALID_ARGUMENT")))
        .containsExactlyInAnyOrder("at", "active_calls");
    failure(
        () -> numbers.updatePhoneNumber(policies(id, "999", CALL_POLICIES, "routing.policies")),
        Code.ABORTED,
        "ETAG_MISMATCH");
    failure(
        () ->
            numbers.updatePhoneNumber(
                policies(
                    id,
                    "",
                    ChannelPolicies.newBuilder()
                        .setFallback(RoutingDestination.newBuilder().setAgentId("nobody"))
                        .build(),
                    "routing.policies.call.fallback")),
        Code.NOT_FOUND,
        "AGENT_NOT_FOUND");
    failure(
        () -> numbers.updatePhoneNumber(policies(id, "", CALL_POLICIES, "routing.policies.fax")),
        Code.INVALID_ARGUMENT,
        "INVALID_ARGUMENT");
  }

  @Test
  void preview_routing_answers_for_own_numbers_with_numbers_read() {
    var acme = app.tenant("acme");
    var other = app.tenant("other");
    String e164 = "+1208443" + NUMBERS.getAndIncrement();
    var bought = acme.buy(e164);
    as(PhoneNumberServiceGrpc.newBlockingStub(server.channel()), acme.apiKey(Scope.NUMBERS_WRITE))
        .updatePhoneNumber(
            policies(bought.number().id().toString(), "", CALL_POLICIES, "routing.policies.call"));
    app.useCases().routeCache().catchUp();
    var request =
        PreviewRoutingRequest.newBuilder()
            .setCalledNumber(e164)
            .setChannel(Channel.CHANNEL_CALL)
            .setCaller("+19005550100")
            .setAt(MONDAY_1000_BERLIN)
            .build();

    var preview =
        as(RoutingServiceGrpc.newBlockingStub(server.channel()), acme.apiKey(Scope.NUMBERS_READ))
            .previewRouting(request);

    assertThat(preview.getAction()).isEqualTo(RoutingAction.ROUTING_ACTION_REJECT);
    assertThat(preview.getTarget()).isEqualTo("caller_denied");
    failure(
        () ->
            as(
                    RoutingServiceGrpc.newBlockingStub(server.channel()),
                    other.apiKey(Scope.NUMBERS_READ))
                .previewRouting(request),
        Code.NOT_FOUND,
        "PHONE_NUMBER_NOT_FOUND");
    failure(
        () ->
            as(RoutingServiceGrpc.newBlockingStub(server.channel()), acme.apiKey(Scope.ROUTING))
                .previewRouting(request),
        Code.PERMISSION_DENIED,
        "MISSING_SCOPE");
  }

  @Test
  void watch_changes_shows_policy_changes_field_by_field() throws Exception {
    var acme = app.tenant("acme");
    String watcher = acme.apiKey(Scope.NUMBERS_READ);
    var bought = acme.buy("+1208443" + NUMBERS.getAndIncrement());
    String id = bought.number().id().toString();
    long since = app.useCases().routeCache().appliedRevision();

    as(PhoneNumberServiceGrpc.newBlockingStub(server.channel()), acme.apiKey(Scope.NUMBERS_WRITE))
        .updatePhoneNumber(
            policies(id, "", CALL_POLICIES, "routing.policies.call.caller_screening"));

    List<ChangeEvent> events = readUntil(watcher, since, id);
    ChangeEvent last = events.get(events.size() - 1);
    assertThat(last.getChangesList())
        .extracting(FieldChange::getField, FieldChange::getNewValue)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "routing.policies.call.caller_screening",
                "allow= deny=+1900 reject_anonymous=false"));
  }

  /** Reads events after {@code since} up to the one about {@code resourceId}, then disconnects. */
  static List<ChangeEvent> readUntil(String key, long since, String resourceId) throws Exception {
    var events = new java.util.ArrayList<ChangeEvent>();
    try (io.grpc.Context.CancellableContext call = io.grpc.Context.current().withCancellation()) {
      call.call(() -> {
        var stream =
            as(RoutingServiceGrpc.newBlockingStub(server.channel()), key)
                .withDeadlineAfter(20, java.util.concurrent.TimeUnit.SECONDS)
                .watchChanges(
                    io.switchboard.proto.v1.WatchChangesRequest.newBuilder()
                        .setSinceRevision(since)
                        .build());
        while (events.isEmpty() || !events.getLast().getResourceId().equals(resourceId)) {
          events.add(stream.next());
        }
        return null;
      });
    }
    return events;
  }

  static GetPhoneNumberRequest get(String id) {
    return GetPhoneNumberRequest.newBuilder()
        .setPhoneNumber(io.switchboard.proto.v1.PhoneNumberRef.newBuilder().setId(id))
        .build();
  }
}
