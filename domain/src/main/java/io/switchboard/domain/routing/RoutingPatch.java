package io.switchboard.domain.routing;

import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.routing.policy.RoutingPoliciesPatch;
import java.util.List;
import java.util.Objects;

/**
 * A partial change of a number's routing; webhooks are replaced as a whole list when set. {@code
 * inboundAgent} is the number's call binding as VoiceOS writes it (set: bind or rebind the call
 * channel, clear: unbind); the use case applies it through the binding rules, {@link Routing} does
 * not hold it.
 */
public record RoutingPatch(
    Patch<AgentId> inboundAgent,
    Patch<HttpsUrl> inboundUrl,
    Patch<HttpsUrl> statusUrl,
    Patch<Label> label,
    Patch<CampaignId> campaignId,
    Patch<List<Webhook>> webhooks,
    RoutingPoliciesPatch policies) {
  public static final RoutingPatch NONE =
      new RoutingPatch(
          Patch.keep(), Patch.keep(), Patch.keep(), Patch.keep(), Patch.keep(), Patch.keep());

  public RoutingPatch {
    Objects.requireNonNull(inboundAgent, "inboundAgent");
    Objects.requireNonNull(inboundUrl, "inboundUrl");
    Objects.requireNonNull(statusUrl, "statusUrl");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(campaignId, "campaignId");
    Objects.requireNonNull(webhooks, "webhooks");
    Objects.requireNonNull(policies, "policies");
    webhooks = webhooks.map(List::copyOf);
  }

  /** A patch that keeps the policies. */
  public RoutingPatch(
      Patch<AgentId> inboundAgent,
      Patch<HttpsUrl> inboundUrl,
      Patch<HttpsUrl> statusUrl,
      Patch<Label> label,
      Patch<CampaignId> campaignId,
      Patch<List<Webhook>> webhooks) {
    this(
        inboundAgent,
        inboundUrl,
        statusUrl,
        label,
        campaignId,
        webhooks,
        RoutingPoliciesPatch.NONE);
  }

  public boolean isEmpty() {
    return inboundAgent.isKeep()
        && inboundUrl.isKeep()
        && statusUrl.isKeep()
        && label.isKeep()
        && campaignId.isKeep()
        && webhooks.isKeep()
        && policies.isEmpty();
  }

  public RoutingPatch withInboundAgent(Patch<AgentId> p) {
    return new RoutingPatch(p, inboundUrl, statusUrl, label, campaignId, webhooks, policies);
  }

  public RoutingPatch withLabel(Patch<Label> p) {
    return new RoutingPatch(inboundAgent, inboundUrl, statusUrl, p, campaignId, webhooks);
  }

  public RoutingPatch withWebhooks(Patch<List<Webhook>> p) {
    return new RoutingPatch(inboundAgent, inboundUrl, statusUrl, label, campaignId, p, policies);
  }

  public RoutingPatch withPolicies(RoutingPoliciesPatch p) {
    return new RoutingPatch(inboundAgent, inboundUrl, statusUrl, label, campaignId, webhooks, p);
  }
}
