package io.switchboard.rest.agentmessage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.routing.ResolveInboundUseCase;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.routing.policy.RoutingAction;
import io.switchboard.domain.routing.policy.RoutingPolicies;
import io.switchboard.persistence.testing.TestApplication;
import io.switchboard.rest.voiceos.DialectTestServer;
import io.switchboard.rest.voiceos.DialectTestServer.Reply;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The AgentMessage extension field {@code x_routing_policies} on PATCH /v1/phone-numbers/{id}. */
class AgentMessagePoliciesIT {
  static final AtomicInteger NEXT = new AtomicInteger(4000);
  static TestApplication app;
  static DialectTestServer http;
  static TestApplication.Tenant acme;
  static String writer;

  static final String POLICIES =
      """
      {"x_routing_policies": {"sms": {
         "fallback": {"number": "+4930901820"},
         "caller_screening": {"deny": ["+1900"], "reject_anonymous": true}}}}
      """;

  @BeforeAll
  static void start() {
    app = TestApplication.start(AgentMessagePoliciesIT.class);
    http = DialectTestServer.start(app.useCases(), app.clock(), AgentMessageRoutes::of);
    acme = app.tenant("acme");
    writer = acme.apiKey(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE);
  }

  @AfterAll
  static void stop() {
    http.close();
    app.close();
  }

  static PhoneNumberView buy() {
    return acme.buy("+1208555" + NEXT.getAndIncrement());
  }

  static String path(PhoneNumberView view) {
    return "/v1/phone-numbers/" + view.number().id();
  }

  static RoutingPolicies stored(PhoneNumberView view) {
    return app.useCases()
        .getPhoneNumber()
        .get(acme.quickContext(), PhoneNumberRef.of(view.number().id()))
        .number()
        .routing()
        .policies();
  }

  @Test
  void the_extension_field_sets_policies_shows_them_and_routing_follows() {
    PhoneNumberView number = buy();

    Reply reply = http.patch(path(number), writer, POLICIES);

    assertThat(reply.status()).isEqualTo(200);
    JsonNode sms = reply.body().at("/data/x_routing_policies/sms");
    assertThat(sms.at("/fallback/number").asText()).isEqualTo("+4930901820");
    assertThat(sms.at("/caller_screening/deny/0").asText()).isEqualTo("+1900");
    assertThat(stored(number).of(BindingChannel.SMS).fallback()).isPresent();
    app.useCases().routeCache().catchUp();
    var decision =
        app.useCases()
            .resolveInbound()
            .resolve(
                app.operator(),
                new ResolveInboundUseCase.Command(
                    number.number().number().value(),
                    BindingChannel.SMS,
                    Optional.of("+12084439178"),
                    0,
                    Optional.empty(),
                    OptionalInt.empty()))
            .decision();
    assertThat(decision.action()).isEqualTo(RoutingAction.TRANSFER_TO_NUMBER);
  }

  @Test
  void omitted_or_null_keeps_and_empty_clears_at_every_level() {
    PhoneNumberView number = buy();
    http.patch(path(number), writer, POLICIES);

    assertThat(http.patch(path(number), writer, "{\"label\": \"desk\"}").status()).isEqualTo(200);
    assertThat(http.patch(path(number), writer, "{\"x_routing_policies\": null}").status())
        .isEqualTo(200);
    assertThat(
            http.patch(
                    path(number),
                    writer,
                    "{\"x_routing_policies\": {\"sms\": {\"fallback\": null}}}")
                .status())
        .isEqualTo(200);
    assertThat(stored(number).of(BindingChannel.SMS).fallback()).isPresent();

    Reply clearedOne =
        http.patch(path(number), writer, "{\"x_routing_policies\": {\"sms\": {\"fallback\": {}}}}");
    assertThat(clearedOne.body().at("/data/x_routing_policies/sms").has("fallback")).isFalse();
    assertThat(stored(number).of(BindingChannel.SMS).callerScreening()).isPresent();

    Reply clearedAll = http.patch(path(number), writer, "{\"x_routing_policies\": {}}");
    assertThat(clearedAll.status()).isEqualTo(200);
    assertThat(clearedAll.body().get("data").has("x_routing_policies")).isFalse();
    assertThat(stored(number).isEmpty()).isTrue();
  }

  @Test
  void bad_policies_are_422_naming_each_path_and_other_unknown_fields_stay_400() {
    PhoneNumberView number = buy();

    Reply bad =
        http.patch(
            path(number),
            writer,
            """
            {"x_routing_policies": {"call": {
               "fallback": {"sip_uri": "sip:pbx@192.168.1.2"},
               "business_hours": {"time_zone": "Europe/Berlin", "weekly": {"monday": ["9-5"]}}},
             "fax": {}}}
            """);
    Reply unknown = http.patch(path(number), writer, "{\"routing_policies\": {}}");

    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.body().at("/error/code").asText()).isEqualTo("VALIDATION_FAILED");
    assertThat(AgentMessageIT.fieldNames(bad.body().at("/error/details")))
        .containsExactlyInAnyOrder(
            "x_routing_policies.call.fallback.sip_uri",
            "x_routing_policies.call.business_hours.weekly.monday[0]",
            "x_routing_policies.fax");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.body().at("/error/code").asText()).isEqualTo("INVALID_INPUT");
    assertThat(stored(number).isEmpty()).isTrue();
  }
}
