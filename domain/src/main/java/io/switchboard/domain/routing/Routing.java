package io.switchboard.domain.routing;

import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.routing.policy.RoutingPolicies;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where inbound traffic of a number goes besides its channel bindings: the inbound and status URLs,
 * label and messaging campaign (AgentMessage), webhooks, and the inbound policies per channel
 * (fallback, caller screening, business hours). The agent that takes inbound calls is not here: it
 * is the number's call binding (VoiceOS's {@code inbound_agent_id} reads and writes that binding),
 * one fact for every door.
 */
public record Routing(
    Optional<HttpsUrl> inboundUrl,
    Optional<HttpsUrl> statusUrl,
    Optional<Label> label,
    Optional<CampaignId> campaignId,
    List<Webhook> webhooks,
    RoutingPolicies policies) {
  public static final int MAX_WEBHOOKS = 20;
  public static final Routing EMPTY =
      new Routing(
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of());

  public Routing {
    Objects.requireNonNull(inboundUrl, "inboundUrl");
    Objects.requireNonNull(statusUrl, "statusUrl");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(campaignId, "campaignId");
    Objects.requireNonNull(policies, "policies");
    webhooks = List.copyOf(webhooks);
    if (webhooks.size() > MAX_WEBHOOKS) {
      throw InvalidArgumentException.of(
          "webhooks", "must have at most " + MAX_WEBHOOKS + " entries");
    }
  }

  /** Routing without policies. */
  public Routing(
      Optional<HttpsUrl> inboundUrl,
      Optional<HttpsUrl> statusUrl,
      Optional<Label> label,
      Optional<CampaignId> campaignId,
      List<Webhook> webhooks) {
    this(inboundUrl, statusUrl, label, campaignId, webhooks, RoutingPolicies.NONE);
  }

  /**
   * Applies the patch's routing fields; its inbound agent is a call binding, which the use case
   * applies.
   */
  public Routing apply(RoutingPatch patch) {
    return new Routing(
        patch.inboundUrl().applyTo(inboundUrl),
        patch.statusUrl().applyTo(statusUrl),
        patch.label().applyTo(label),
        patch.campaignId().applyTo(campaignId),
        patch.webhooks().applyTo(webhooks, List.of()),
        policies.apply(patch.policies()));
  }

  /** Routing a released number keeps: none (the number must stop receiving traffic). */
  public Routing cleared() {
    return EMPTY;
  }
}
