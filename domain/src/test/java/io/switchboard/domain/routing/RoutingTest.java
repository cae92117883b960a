package io.switchboard.domain.routing;

import static io.switchboard.domain.DomainFixtures.webhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.error.InvalidArgumentException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RoutingTest {
  private static final Webhook STARTED =
      webhook("https://a.example.com/hook", WebhookEvent.PHONE_CALL_STARTED);
  private static final Webhook ENDED =
      webhook("https://b.example.com/hook", WebhookEvent.PHONE_CALL_ENDED);
  private static final Routing ROUTED =
      new Routing(
          Optional.of(new HttpsUrl("https://example.com/in")),
          Optional.of(new HttpsUrl("https://example.com/status")),
          Optional.of(new Label("Support")),
          Optional.of(new CampaignId(UUID.fromString("3f2c9a4e-8b1d-4c6e-9f0a-2b7d5e1c8a93"))),
          List.of(STARTED));

  @Test
  void setting_webhooks_replaces_the_whole_list() {
    Routing after = ROUTED.apply(RoutingPatch.NONE.withWebhooks(Patch.set(List.of(ENDED))));

    assertThat(after.webhooks()).containsExactly(ENDED);
  }

  @Test
  void clearing_webhooks_empties_the_list() {
    assertThat(ROUTED.apply(RoutingPatch.NONE.withWebhooks(Patch.clear())).webhooks()).isEmpty();
    assertThat(ROUTED.apply(RoutingPatch.NONE.withWebhooks(Patch.set(List.of()))).webhooks())
        .isEmpty();
  }

  @Test
  void a_patch_changes_only_the_fields_it_names() {
    Routing after =
        ROUTED.apply(RoutingPatch.NONE.withInboundAgent(Patch.set(new AgentId("agent-2"))));

    // the inbound agent is the number's call binding: the use case applies it, routing is unchanged
    assertThat(after).isEqualTo(ROUTED);
  }

  @Test
  void clearing_a_field_empties_only_that_field() {
    var clearLabelAndStatus =
        new RoutingPatch(
            Patch.keep(), Patch.keep(), Patch.clear(), Patch.clear(), Patch.keep(), Patch.keep());

    Routing after = ROUTED.apply(clearLabelAndStatus);

    assertThat(after.label()).isEmpty();
    assertThat(after.statusUrl()).isEmpty();
    assertThat(after.inboundUrl()).isEqualTo(ROUTED.inboundUrl());
    assertThat(after.webhooks()).isEqualTo(ROUTED.webhooks());
  }

  @Test
  void the_empty_patch_is_the_identity_and_is_empty() {
    assertThat(ROUTED.apply(RoutingPatch.NONE)).isEqualTo(ROUTED);
    assertThat(RoutingPatch.NONE.isEmpty()).isTrue();
    assertThat(RoutingPatch.NONE.withWebhooks(Patch.clear()).isEmpty()).isFalse();
    assertThat(RoutingPatch.NONE.withInboundAgent(Patch.clear()).isEmpty()).isFalse();
  }

  @Test
  void cleared_routing_is_empty() {
    assertThat(ROUTED.cleared()).isEqualTo(Routing.EMPTY);
  }

  @Test
  void a_number_has_at_most_20_webhooks() {
    new Routing(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Collections.nCopies(Routing.MAX_WEBHOOKS, STARTED));
    assertThatThrownBy(() ->
            ROUTED.apply(
                RoutingPatch.NONE.withWebhooks(
                    Patch.set(Collections.nCopies(Routing.MAX_WEBHOOKS + 1, STARTED)))))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class,
            e ->
                assertThat(e.violations())
                    .singleElement()
                    .satisfies(v -> assertThat(v.field()).isEqualTo("webhooks")));
  }

  @Test
  void the_webhooks_of_a_patch_are_copied_when_the_patch_is_built() {
    var webhooks = new ArrayList<>(List.of(STARTED));
    RoutingPatch patch = RoutingPatch.NONE.withWebhooks(Patch.set(webhooks));

    webhooks.add(ENDED);

    assertThat(Routing.EMPTY.apply(patch).webhooks()).containsExactly(STARTED);
  }
}
