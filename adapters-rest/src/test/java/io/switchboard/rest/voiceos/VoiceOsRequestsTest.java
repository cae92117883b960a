package io.switchboard.rest.voiceos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.routing.HttpsUrl;
import io.switchboard.domain.routing.RoutingPatch;
import io.switchboard.domain.routing.Webhook;
import io.switchboard.domain.routing.WebhookEvent;
import io.switchboard.domain.routing.WebhookMethod;
import io.switchboard.rest.voiceos.VoiceOsValidationException.Problem;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VoiceOsRequestsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text.replace('\'', '"'));
  }

  private static List<Problem> problems(String body) throws Exception {
    JsonNode node = json(body);
    return catchThrowableOfType(
            VoiceOsValidationException.class, () -> VoiceOsRequests.routingPatch(node))
        .problems();
  }

  @ParameterizedTest
  @ValueSource(strings = {"+12084439178", "12084439178", " 12084439178", "+1 208-443-9178"})
  void the_path_key_is_the_number_with_or_without_plus(String key) {
    assertThat(VoiceOsRequests.phoneNumberKey(key).value()).isEqualTo("+12084439178");
  }

  @Test
  void a_path_key_that_is_no_number_is_located_in_the_path() {
    var e =
        catchThrowableOfType(
            VoiceOsValidationException.class, () -> VoiceOsRequests.phoneNumberKey("abc"));
    assertThat(e.problems())
        .singleElement()
        .satisfies(p -> {
          assertThat(p.loc()).containsExactly("path", "phone_number");
          assertThat(p.type()).isEqualTo("value_error");
        });
  }

  @Test
  void absent_fields_keep_everything() throws Exception {
    RoutingPatch patch = VoiceOsRequests.routingPatch(json("{}"));
    assertThat(patch.isEmpty()).isTrue();
  }

  @Test
  void null_inbound_agent_unbinds_and_null_webhooks_keep() throws Exception {
    RoutingPatch patch =
        VoiceOsRequests.routingPatch(json("{'inbound_agent_id': null, 'webhooks': null}"));
    assertThat(patch.inboundAgent()).isEqualTo(Patch.clear());
    assertThat(patch.webhooks().isKeep()).isTrue();
  }

  @Test
  void the_seed_body_sets_the_agent_and_replaces_the_webhooks() throws Exception {
    RoutingPatch patch =
        VoiceOsRequests.routingPatch(
            json(
                """
                {'inbound_agent_id': 'agent_123', 'webhooks': [{'events': ['phone_call:connection_requested'],
                 'url': 'https://hooks.example.com/agent', 'method': 'GET', 'headers': {'X-Token': 'abc'}, 'filter': 'x'}]}\
                """));
    assertThat(patch.inboundAgent()).isEqualTo(Patch.set(new AgentId("agent_123")));
    assertThat(patch.webhooks())
        .isEqualTo(
            Patch.set(
                List.of(
                    new Webhook(
                        List.of(WebhookEvent.PHONE_CALL_CONNECTION_REQUESTED),
                        new HttpsUrl("https://hooks.example.com/agent"),
                        WebhookMethod.GET,
                        Map.of("X-Token", "abc"),
                        Optional.of("x")))));
  }

  @Test
  void an_empty_list_removes_every_webhook_and_method_defaults_to_get() throws Exception {
    assertThat(VoiceOsRequests.routingPatch(json("{'webhooks': []}")).webhooks())
        .isEqualTo(Patch.clear());
    RoutingPatch patch =
        VoiceOsRequests.routingPatch(
            json("{'webhooks': [{'events': ['message:received'], 'url': 'https://a.example'}]}"));
    assertThat(((Patch.Set<List<Webhook>>) patch.webhooks()).value().get(0).method())
        .isEqualTo(WebhookMethod.GET);
  }

  @Test
  void every_problem_is_reported_at_its_fastapi_location() throws Exception {
    List<Problem> problems =
        problems(
            """
            {'inbound_agent_id': 5, 'colour': 'red', 'webhooks': [
              {'events': ['phone_call:connection_requested'], 'url': 'http://insecure.example', 'method': 'PUT'},
              {'url': 'https://ok.example', 'events': ['nope'], 'headers': {'X-A': 1}}]}\
            """);
    assertThat(problems)
        .extracting(Problem::loc, Problem::type)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(List.of("body", "inbound_agent_id"), "string_type"),
            org.assertj.core.groups.Tuple.tuple(List.of("body", "colour"), "extra_forbidden"),
            org.assertj.core.groups.Tuple.tuple(
                List.of("body", "webhooks", 0, "url"), "value_error"),
            org.assertj.core.groups.Tuple.tuple(List.of("body", "webhooks", 0, "method"), "enum"),
            org.assertj.core.groups.Tuple.tuple(
                List.of("body", "webhooks", 1, "events", 0), "enum"),
            org.assertj.core.groups.Tuple.tuple(
                List.of("body", "webhooks", 1, "headers", "X-A"), "string_type"));
  }

  @Test
  void a_webhook_without_events_or_url_misses_them() throws Exception {
    assertThat(problems("{'webhooks': [{}]}"))
        .extracting(Problem::loc, Problem::type)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                List.of("body", "webhooks", 0, "events"), "missing"),
            org.assertj.core.groups.Tuple.tuple(List.of("body", "webhooks", 0, "url"), "missing"));
  }

  @Test
  void an_empty_agent_id_is_refused_not_taken_as_unbind() throws Exception {
    assertThat(problems("{'inbound_agent_id': ''}"))
        .singleElement()
        .satisfies(p -> assertThat(p.loc()).containsExactly("body", "inbound_agent_id"));
  }

  @Test
  void release_flag_accepts_fastapi_booleans_and_refuses_others() {
    assertThat(VoiceOsRequests.releaseFlag(null)).isFalse();
    assertThat(VoiceOsRequests.releaseFlag("true")).isTrue();
    assertThat(VoiceOsRequests.releaseFlag("0")).isFalse();
    var e =
        catchThrowableOfType(
            VoiceOsValidationException.class, () -> VoiceOsRequests.releaseFlag("maybe"));
    assertThat(e.problems().get(0).loc()).containsExactly("query", "release_phone_number");
  }

  @Test
  void pages_count_from_one_and_sizes_are_bounded() {
    assertThat(VoiceOsRequests.pageParams(null, null, null, null))
        .isEqualTo(new VoiceOsRequests.PageParams(1, 100));
    assertThat(VoiceOsRequests.pageParams("3", "10", null, null).offset()).isEqualTo(20);
    var e =
        catchThrowableOfType(
            VoiceOsValidationException.class,
            () -> VoiceOsRequests.pageParams("0", "x", "2024-01-01", null));
    assertThat(e.problems())
        .extracting(Problem::loc)
        .containsExactlyInAnyOrder(
            List.of("query", "index"), List.of("query", "size"), List.of("query", "created_after"));
  }

  @Test
  void domain_paths_become_locations() {
    assertThat(VoiceOsRequests.locate(List.of("body"), "webhooks[2].url"))
        .containsExactly("body", "webhooks", 2, "url");
    assertThat(VoiceOsRequests.locate(List.of("body"), "webhooks.2.headers.X-A"))
        .containsExactly("body", "webhooks", 2, "headers", "X-A");
  }
}
