package io.switchboard.domain.routing.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.error.FieldViolation;
import io.switchboard.domain.error.InvalidArgumentException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyDocumentTest {
  static final Map<String, Object> FULL =
      Map.of(
          "call",
          Map.of(
              "fallback", Map.of("number", "+4930901820"),
              "caller_screening",
                  Map.of("allow", List.of(), "deny", List.of("+1900"), "reject_anonymous", true),
              "business_hours",
                  Map.of(
                      "time_zone", "Europe/Berlin",
                      "weekly",
                          Map.of(
                              "monday", List.of("09:00-18:00"), "friday", List.of("22:00-06:00")),
                      "exceptions", Map.of("2026-12-25", List.of()),
                      "after_hours", Map.of("reject_reason", "closed"))),
          "sms",
          Map.of("fallback", Map.of("sip_uri", "sip:desk@sip.example.com")));

  @Test
  void a_document_parses_and_writes_back_the_same_policies() {
    RoutingPolicies policies = PolicyDocument.parse(FULL, "policies");

    assertThat(policies.of(BindingChannel.CALL).businessHours()).isPresent();
    assertThat(policies.of(BindingChannel.SMS).fallback().orElseThrow().action())
        .isEqualTo(RoutingAction.ROUTE_TO_SIP_URI);
    assertThat(PolicyDocument.parse(PolicyDocument.write(policies), "policies"))
        .isEqualTo(policies);
  }

  @Test
  void in_a_patch_a_missing_or_null_policy_keeps_an_empty_one_clears_and_a_value_sets() {
    var call = new LinkedHashMap<String, Object>();
    call.put("fallback", null);
    call.put("caller_screening", Map.of());
    call.put("business_hours", Map.of("time_zone", "Asia/Kolkata", "weekly", Map.of()));

    RoutingPoliciesPatch patch = PolicyDocument.parsePatch(Map.of("call", call), "policies");

    ChannelPolicyPatch p = patch.of(BindingChannel.CALL);
    assertThat(p.fallback().isKeep()).isTrue();
    assertThat(p.callerScreening()).isInstanceOf(Patch.Clear.class);
    assertThat(p.businessHours()).isInstanceOf(Patch.Set.class);
    assertThat(patch.of(BindingChannel.SMS)).isEqualTo(ChannelPolicyPatch.NONE);
  }

  @Test
  void an_empty_document_clears_every_policy_and_an_empty_channel_that_channels_policies() {
    assertThat(PolicyDocument.parsePatch(Map.of(), "p")).isEqualTo(RoutingPoliciesPatch.clearAll());
    assertThat(PolicyDocument.parsePatch(Map.of("sms", Map.of()), "p").of(BindingChannel.SMS))
        .isEqualTo(ChannelPolicyPatch.CLEAR);
  }

  @Test
  void every_bad_field_is_named_by_its_path() {
    Map<String, Object> bad =
        Map.of(
            "call",
            Map.of(
                "fallback", Map.of("number", "+4930901820", "agent_id", "a"),
                "caller_screening", Map.of("deny", List.of("+1900", "premium")),
                "business_hours",
                    Map.of(
                        "time_zone",
                        "Mars/Olympus",
                        "weekly",
                        Map.of("someday", List.of(), "monday", List.of("9-5")))),
            "fax",
            Map.of());

    assertThatThrownBy(() -> PolicyDocument.parse(bad, "policies"))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class,
            e ->
                assertThat(e.violations())
                    .extracting(FieldViolation::field)
                    .containsExactlyInAnyOrder(
                        "policies.call.fallback",
                        "policies.call.caller_screening.deny[1]",
                        "policies.call.business_hours.time_zone",
                        "policies.call.business_hours.weekly.someday",
                        "policies.call.business_hours.weekly.monday[0]",
                        "policies.fax"));
  }

  @Test
  void paths_start_at_the_given_field_or_at_the_document_itself() {
    assertThatThrownBy(() -> PolicyDocument.parsePatch(Map.of("fax", Map.of()), ""))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class,
            e ->
                assertThat(e.violations())
                    .extracting(FieldViolation::field)
                    .containsExactly("fax"));
  }

  @Test
  void unknown_fields_inside_a_policy_are_refused() {
    assertThatThrownBy(() ->
            PolicyDocument.parse(Map.of("call", Map.of("fallback", Map.of("queue", "x"))), "p"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("p.call.fallback.queue");
  }
}
