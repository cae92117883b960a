package io.switchboard.domain.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.common.Patch;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class RoutingProperties {

  @Property
  void every_field_of_patched_routing_follows_its_patch(
      @ForAll("routings") Routing before, @ForAll("patches") RoutingPatch patch) {
    Routing after = before.apply(patch);

    assertThat(after.inboundUrl()).isEqualTo(patch.inboundUrl().applyTo(before.inboundUrl()));
    assertThat(after.statusUrl()).isEqualTo(patch.statusUrl().applyTo(before.statusUrl()));
    assertThat(after.label()).isEqualTo(patch.label().applyTo(before.label()));
    assertThat(after.campaignId()).isEqualTo(patch.campaignId().applyTo(before.campaignId()));
    assertThat(after.webhooks()).isEqualTo(patch.webhooks().applyTo(before.webhooks(), List.of()));
  }

  @Property
  void applying_a_patch_twice_is_the_same_as_applying_it_once(
      @ForAll("routings") Routing before, @ForAll("patches") RoutingPatch patch) {
    assertThat(before.apply(patch).apply(patch)).isEqualTo(before.apply(patch));
  }

  @Provide
  Arbitrary<Routing> routings() {
    return Combinators.combine(
            urls().optional(),
            urls().optional(),
            labels().optional(),
            campaigns().optional(),
            webhookLists())
        .as(Routing::new);
  }

  @Provide
  Arbitrary<RoutingPatch> patches() {
    return Combinators.combine(
            patchOf(agents()),
            patchOf(urls()),
            patchOf(urls()),
            patchOf(labels()),
            patchOf(campaigns()),
            patchOf(webhookLists()))
        .as(RoutingPatch::new);
  }

  private static Arbitrary<AgentId> agents() {
    return Arbitraries.strings()
        .withChars("abc-123")
        .ofMinLength(1)
        .ofMaxLength(8)
        .map(AgentId::new);
  }

  private static Arbitrary<HttpsUrl> urls() {
    return Arbitraries.strings()
        .alpha()
        .ofMinLength(1)
        .ofMaxLength(8)
        .map(path -> new HttpsUrl("https://example.com/" + path));
  }

  private static Arbitrary<Label> labels() {
    return Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12).map(Label::new);
  }

  private static Arbitrary<CampaignId> campaigns() {
    return Arbitraries.randomValue(
        random -> new CampaignId(new UUID(random.nextLong(), random.nextLong())));
  }

  private static Arbitrary<List<Webhook>> webhookLists() {
    Arbitrary<Webhook> webhook =
        Combinators.combine(
                Arbitraries.of(WebhookEvent.class)
                    .list()
                    .uniqueElements()
                    .ofMinSize(1)
                    .ofMaxSize(3),
                urls(),
                Arbitraries.of(WebhookMethod.class))
            .as((events, url, method) ->
                new Webhook(events, url, method, java.util.Map.of(), Optional.empty()));
    return webhook.list().ofMaxSize(3);
  }

  private static <T> Arbitrary<Patch<T>> patchOf(Arbitrary<T> values) {
    return Arbitraries.oneOf(
        Arbitraries.just(Patch.<T>keep()),
        Arbitraries.just(Patch.<T>clear()),
        values.map(Patch::set));
  }
}
