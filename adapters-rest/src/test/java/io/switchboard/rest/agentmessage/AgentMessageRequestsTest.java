package io.switchboard.rest.agentmessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.application.common.HmacTokenSigner;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.error.FieldViolation;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.routing.HttpsUrl;
import io.switchboard.domain.routing.RoutingPatch;
import org.junit.jupiter.api.Test;

class AgentMessageRequestsTest {
  private static final HmacTokenSigner SIGNER = HmacTokenSigner.random();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode body(String text) throws Exception {
    return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
  }

  @Test
  void the_seed_patch_sets_the_inbound_url_only() throws Exception {
    RoutingPatch patch =
        AgentMessageRequests.routingPatch(
            body("{'inbound_url': 'https://customer.example/v2/inbound'}"));
    assertThat(patch.inboundUrl())
        .isEqualTo(Patch.set(new HttpsUrl("https://customer.example/v2/inbound")));
    assertThat(patch.statusUrl().isKeep()).isTrue();
    assertThat(patch.label().isKeep()).isTrue();
    assertThat(patch.campaignId().isKeep()).isTrue();
    assertThat(patch.inboundAgent().isKeep()).isTrue();
    assertThat(patch.webhooks().isKeep()).isTrue();
  }

  @Test
  void null_keeps_and_empty_string_clears() throws Exception {
    RoutingPatch patch =
        AgentMessageRequests.routingPatch(
            body("{'inbound_url': null, 'status_url': '', 'label': '', 'campaign_id': null}"));
    assertThat(patch.inboundUrl().isKeep()).isTrue();
    assertThat(patch.statusUrl()).isEqualTo(Patch.clear());
    assertThat(patch.label()).isEqualTo(Patch.clear());
    assertThat(patch.campaignId().isKeep()).isTrue();
  }

  @Test
  void an_unknown_field_is_invalid_input() throws Exception {
    var e =
        catchThrowableOfType(
            InvalidArgumentException.class,
            () ->
                AgentMessageRequests.routingPatch(
                    body("{'number': '+12084439178', 'label': 'x'}")));
    assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_FIELD);
    assertThat(e.violations()).extracting(FieldViolation::field).containsExactly("number");
  }

  @Test
  void an_empty_campaign_and_plain_http_fail_validation() throws Exception {
    var e =
        catchThrowableOfType(
            InvalidArgumentException.class,
            () ->
                AgentMessageRequests.routingPatch(
                    body("{'campaign_id': '', 'status_url': 'http://plain.example'}")));
    assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT);
    assertThat(e.violations())
        .extracting(FieldViolation::field)
        .containsExactlyInAnyOrder("campaign_id", "status_url");
  }

  @Test
  void list_limits_are_one_to_one_hundred() {
    assertThat(AgentMessageRequests.listQuery(null, null, null, null, null, SIGNER).limit())
        .isEqualTo(20);
    for (String bad : new String[] {"0", "101", "ten"}) {
      var e =
          catchThrowableOfType(
              InvalidArgumentException.class,
              () -> AgentMessageRequests.listQuery(bad, null, null, null, null, SIGNER));
      assertThat(e.violations()).extracting(FieldViolation::field).containsExactly("limit");
    }
  }

  @Test
  void list_filters_are_validated_together() {
    var e =
        catchThrowableOfType(
            InvalidArgumentException.class,
            () ->
                AgentMessageRequests.listQuery(
                    "5", "garbage!", "mobile", "not-a-uuid", null, SIGNER));
    assertThat(e.violations())
        .extracting(FieldViolation::field)
        .containsExactlyInAnyOrder("cursor", "number_type", "campaign_id");
  }

  @Test
  void orders_report_each_bad_number_by_index() throws Exception {
    var e =
        catchThrowableOfType(
            InvalidArgumentException.class,
            () ->
                AgentMessageRequests.order(
                    body(
                        "{'numbers': ['+12084439178', 'nope'], 'inbound_url': 'http://x.example'}")));
    assertThat(e.violations())
        .extracting(FieldViolation::field)
        .containsExactlyInAnyOrder("numbers[1]", "inbound_url");
  }

  @Test
  void search_quantity_defaults_to_ten_and_is_capped() throws Exception {
    assertThat(AgentMessageRequests.search(body("{}")).quantity()).isEqualTo(10);
    var e =
        catchThrowableOfType(
            InvalidArgumentException.class,
            () -> AgentMessageRequests.search(body("{'quantity': 101}")));
    assertThat(e.violations()).extracting(FieldViolation::field).containsExactly("quantity");
  }
}
