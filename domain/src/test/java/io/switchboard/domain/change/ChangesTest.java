package io.switchboard.domain.change;

import static io.switchboard.domain.DomainFixtures.ORG;
import static io.switchboard.domain.DomainFixtures.T0;
import static io.switchboard.domain.DomainFixtures.callTrunk;
import static io.switchboard.domain.DomainFixtures.purchased;
import static io.switchboard.domain.DomainFixtures.sealed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.agent.Agent;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.Binding;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.channel.ChannelLimit;
import io.switchboard.domain.channel.ChannelSettingsPatch;
import io.switchboard.domain.channel.InboundChannelPatch;
import io.switchboard.domain.channel.OutboundChannelPatch;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.number.CountryCode;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.routing.HttpsUrl;
import io.switchboard.domain.routing.Label;
import io.switchboard.domain.routing.RoutingPatch;
import io.switchboard.domain.routing.Webhook;
import io.switchboard.domain.routing.WebhookEvent;
import io.switchboard.domain.routing.WebhookMethod;
import io.switchboard.domain.trunk.SealedSecret;
import io.switchboard.domain.trunk.SipHost;
import io.switchboard.domain.trunk.SipPatch;
import io.switchboard.domain.trunk.SipSettings;
import io.switchboard.domain.trunk.Trunk;
import io.switchboard.domain.trunk.TrunkPatch;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ChangesTest {
  private static final String USER_CIPHERTEXT = "USER-CIPHERTEXT-7f3a";
  private static final String PASS_CIPHERTEXT = "PASS-CIPHERTEXT-9c1e";

  private static FieldChange change(String field, String from, String to) {
    return new FieldChange(field, Optional.ofNullable(from), Optional.ofNullable(to));
  }

  @Test
  void diff_reports_only_the_fields_that_changed_in_field_order() {
    var before = Map.of("a", "1", "b", "2", "c", "3");
    var after = Map.of("a", "1", "b", "20", "d", "4");

    assertThat(Changes.diff(before, after))
        .containsExactly(change("b", "2", "20"), change("c", "3", null), change("d", null, "4"));
  }

  @Test
  void diff_of_equal_descriptions_is_empty() {
    assertThat(Changes.diff(Changes.describe(purchased()), Changes.describe(purchased())))
        .isEmpty();
  }

  @Test
  void a_channel_settings_change_is_reported_as_exactly_the_changed_fields() {
    PhoneNumber before = purchased();
    PhoneNumber after =
        before.withChannelSettings(
            new ChannelSettingsPatch(
                new OutboundChannelPatch(
                    Patch.keep(),
                    Patch.set(new ChannelLimit(5)),
                    Patch.set(List.of(new CountryCode("US"), new CountryCode("CA")))),
                OutboundChannelPatch.NONE,
                InboundChannelPatch.NONE),
            T0.plusSeconds(1));

    assertThat(Changes.diff(Changes.describe(before), Changes.describe(after)))
        .containsExactly(
            change("channel_settings.voice.channel_limit", "0", "5"),
            change("channel_settings.voice.whitelisted_destinations", "", "US,CA"));
  }

  @Test
  void a_routing_change_reports_values_that_appear_and_disappear() {
    PhoneNumber before =
        purchased()
            .withRouting(
                new RoutingPatch(
                    Patch.keep(),
                    Patch.keep(),
                    Patch.keep(),
                    Patch.set(new Label("Support")),
                    Patch.keep(),
                    Patch.keep()),
                T0);
    PhoneNumber after =
        before.withRouting(
            new RoutingPatch(
                Patch.keep(),
                Patch.set(new HttpsUrl("https://in.example.com")),
                Patch.keep(),
                Patch.clear(),
                Patch.keep(),
                Patch.keep()),
            T0);

    assertThat(Changes.diff(Changes.describe(before), Changes.describe(after)))
        .containsExactly(
            change("routing.inbound_url", null, "https://in.example.com"),
            change("routing.label", "Support", null));
  }

  @Test
  void a_number_is_described_by_its_state_not_its_version_or_timestamps() {
    Map<String, String> described = Changes.describe(purchased());

    assertThat(described)
        .containsEntry("number", "+12084439178")
        .containsEntry("status", "active")
        .containsEntry("type", "local")
        .containsEntry("source", "purchased")
        .containsEntry("channel_settings.voice.enabled", "true")
        .containsEntry("channel_settings.inbound.channel_limit", "0");
    assertThat(described.keySet()).noneMatch(k -> k.contains("version") || k.contains("updated"));
    assertThat(Changes.describe(purchased().touched(T0.plusSeconds(9)))).isEqualTo(described);
  }

  @Test
  void webhook_header_values_are_never_recorded_only_their_names() {
    var webhook =
        new Webhook(
            List.of(WebhookEvent.PHONE_CALL_STARTED),
            new HttpsUrl("https://example.com/hook"),
            WebhookMethod.POST,
            Map.of("Authorization", "Bearer sk_live_TOPSECRET"),
            Optional.empty());
    PhoneNumber n =
        purchased().withRouting(RoutingPatch.NONE.withWebhooks(Patch.set(List.of(webhook))), T0);

    String recorded = Changes.describe(n).get("routing.webhooks");

    assertThat(recorded)
        .isEqualTo("POST https://example.com/hook [phone_call:started] headers=[Authorization]");
    assertThat(Changes.describe(n).toString()).doesNotContain("TOPSECRET");
  }

  @Test
  void a_trunk_description_shows_secrets_only_as_secret() {
    Trunk trunk =
        callTrunk(
            new SipSettings(
                Optional.of(new SipHost("sip.example.com")),
                Optional.empty(),
                Optional.of(sealed("k1", USER_CIPHERTEXT)),
                Optional.of(sealed("k1", PASS_CIPHERTEXT)),
                Optional.empty()));

    Map<String, String> described = Changes.describe(trunk);

    assertThat(described)
        .containsEntry("sip.username", "(secret)")
        .containsEntry("sip.password", "(secret)")
        .containsEntry("sip.gateway", "sip.example.com")
        .containsEntry("channel", "call")
        .containsEntry("direction", "inbound")
        .containsEntry("name", "call_trunk_12084439178")
        .containsEntry("additional_settings", "{}");
    assertThat(described.toString()).doesNotContain(USER_CIPHERTEXT, PASS_CIPHERTEXT, "k1");
  }

  @Test
  void a_changed_secret_reads_secret_to_secret_and_never_its_value() {
    Trunk before =
        callTrunk(
            new SipSettings(
                Optional.empty(),
                Optional.empty(),
                Optional.of(sealed("k1", USER_CIPHERTEXT)),
                Optional.of(sealed("k1", PASS_CIPHERTEXT)),
                Optional.empty()));
    Trunk after =
        before.apply(
            new TrunkPatch(
                Patch.keep(),
                Patch.keep(),
                new SipPatch(
                    Patch.keep(),
                    Patch.keep(),
                    Patch.keep(),
                    Patch.set(sealed("k2", "NEW-PASS-CIPHERTEXT")),
                    Patch.keep()),
                Patch.keep()),
            T0.plusSeconds(1));

    List<FieldChange> changes = Changes.diff(before, after);

    assertThat(changes).containsExactly(change("sip.password", "(secret)", "(secret)"));
    assertThat(changes.toString()).doesNotContain(PASS_CIPHERTEXT, "NEW-PASS-CIPHERTEXT");
  }

  @Test
  void a_secret_that_appears_or_disappears_reads_secret_on_its_side_only() {
    Trunk without = callTrunk(SipSettings.NONE);
    Trunk with =
        without.apply(
            new TrunkPatch(
                Patch.keep(),
                Patch.keep(),
                new SipPatch(
                    Patch.keep(),
                    Patch.keep(),
                    Patch.set(sealed("k1", USER_CIPHERTEXT)),
                    Patch.keep(),
                    Patch.keep()),
                Patch.keep()),
            T0.plusSeconds(1));

    assertThat(Changes.diff(without, with))
        .containsExactly(change("sip.username", null, "(secret)"));
    assertThat(Changes.diff(with, without))
        .containsExactly(change("sip.username", "(secret)", null));
  }

  @Test
  void an_unchanged_secret_is_not_reported_and_changes_stay_sorted_by_field() {
    SealedSecret user = sealed("k1", USER_CIPHERTEXT);
    Trunk before =
        callTrunk(
            new SipSettings(
                Optional.empty(),
                Optional.empty(),
                Optional.of(user),
                Optional.of(sealed("k1", PASS_CIPHERTEXT)),
                Optional.empty()));
    Trunk after =
        before.apply(
            new TrunkPatch(
                Patch.keep(),
                Patch.keep(),
                new SipPatch(
                    Patch.set(new SipHost("sip.example.com")),
                    Patch.keep(),
                    Patch.set(user),
                    Patch.set(sealed("k1", "OTHER")),
                    Patch.keep()),
                Patch.keep()),
            T0.plusSeconds(1));

    assertThat(Changes.diff(before, after))
        .extracting(FieldChange::field)
        .containsExactly("sip.gateway", "sip.password");
  }

  @Test
  void bindings_and_agents_are_described_by_what_callers_see() {
    var binding =
        new Binding(ORG, purchased().id(), BindingChannel.WHATSAPP, new AgentId("agent-1"), T0);
    var agent = new Agent(new AgentId("agent-1"), ORG, "Support bot", T0, T0);

    assertThat(Changes.describe(binding))
        .isEqualTo(Map.of("channel", "whatsapp", "agent_id", "agent-1"));
    assertThat(Changes.describe(agent)).isEqualTo(Map.of("display_name", "Support bot"));
  }

  @Test
  void a_field_change_requires_all_its_parts() {
    assertThatThrownBy(() -> new FieldChange(null, Optional.empty(), Optional.empty()))
        .isInstanceOf(NullPointerException.class);
  }

  @ParameterizedTest
  @EnumSource(SourceApi.class)
  void every_source_api_round_trips_through_its_wire_name(SourceApi api) {
    assertThat(SourceApi.fromWireName(api.wireName())).isEqualTo(api);
  }

  @Test
  void source_api_wire_names_are_dotted_lower_case() {
    assertThat(SourceApi.REST_MINDHUNTERS.wireName()).isEqualTo("rest.mindhunters");
    assertThat(SourceApi.GRPC.wireName()).isEqualTo("grpc");
    assertThatThrownBy(() -> SourceApi.fromWireName("rest.unknown"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_change_event_keeps_an_immutable_copy_of_its_changes() {
    var changes = new java.util.ArrayList<>(List.of(change("a", "1", "2")));
    var event =
        new ChangeEvent(
            1,
            ORG,
            ResourceType.PHONE_NUMBER,
            "id",
            Optional.of("+12084439178"),
            ChangeAction.UPDATED,
            changes,
            Optional.empty(),
            Optional.empty(),
            SourceApi.GRPC,
            T0);

    changes.clear();

    assertThat(event.changes()).containsExactly(change("a", "1", "2"));
  }
}
