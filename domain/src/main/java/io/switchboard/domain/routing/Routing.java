package io.switchboard.domain.routing;

import io.switchboard.domain.error.InvalidArgumentException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where inbound traffic of a number goes besides its channel bindings: the inbound and status URLs,
 * label and messaging campaign (AgentMessage), and webhooks. The agent that takes inbound calls is
 * not here: it is the number's call binding (VoiceOS's {@code inbound_agent_id} reads and writes
 * that binding), one fact for every door.
 */
public record Routing(
    Optional<HttpsUrl> inboundUrl,
    Optional<HttpsUrl> statusUrl,
    Optional<Label> label,
    Optional<CampaignId> campaignId,
    List<Webhook> webhooks) {
  public static final int MAX_WEBHOOKS = 20;
  public static final Routing EMPTY =
      new Routing(
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of());

  public Routing {
    Objects.requireNonNull(inboundUrl, "inboundUrl");
    Objects.requireNonNull(statusUrl, "statusUrl");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(campaignId, "campaignId");
    webhooks = List.copyOf(webhooks);
    if (webhooks.size() > MAX_WEBHOOKS) {
      throw InvalidArgumentException.of(
          "webhooks", "must have at most " + MAX_WEBHOOKS + " entries");
    }
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
        patch.webhooks().applyTo(webhooks, List.of()));
  }

  /** Routing a released number keeps: none (the number must stop receiving traffic). */
  public Routing cleared() {
    return EMPTY;
  }
}
