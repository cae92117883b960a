package io.switchboard.application.port;

import io.switchboard.application.port.query.BoundAgent;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.number.NumberStatus;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.routing.Webhook;
import io.switchboard.domain.routing.policy.RoutingPolicies;
import io.switchboard.domain.trunk.Trunk;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the route cache is made of: the route of every held number, and the numbers released
 * recently enough to still be in quarantine, streamed to a {@link Sink} row by row (a million
 * numbers never sit in memory twice). Runs in the caller's transaction when there is one.
 */
public interface RouteSource {
  /**
   * Every held number's route and every number released at or after {@code releasedSince} (and not
   * held again), all read in one snapshot. Returns the latest revision of the change feed that
   * snapshot includes: every change up to it is in what was streamed, later ones may be.
   */
  long loadAll(Instant releasedSince, Sink sink);

  /**
   * The current routes of these E.164 numbers (canonical values), or their latest release at or
   * after {@code releasedSince}; a number that is neither is not passed to the sink.
   */
  void load(Collection<String> numbers, Instant releasedSince, Sink sink);

  /** The current routes of the held numbers that have {@code agentId} bound on any channel. */
  void loadBoundTo(OrganizationId organizationId, AgentId agentId, Sink sink);

  interface Sink {
    void held(HeldRoute route);

    /** A released number (not held by anyone now) and when it was released. */
    void released(String number, Instant releasedAt);
  }

  /**
   * A held number as routing needs it and nothing more.
   *
   * @param bindings the agents bound on its channels (at most one per channel), with their display
   *     names
   * @param trunks its SIP trunk and WhatsApp line, when it is brought by the organization
   * @param policies its inbound policies per channel
   */
  record HeldRoute(
      PhoneNumberId id,
      OrganizationId organizationId,
      String number,
      NumberStatus status,
      boolean inboundEnabled,
      boolean voiceEnabled,
      boolean smsEnabled,
      int inboundChannelLimit,
      Optional<String> inboundUrl,
      Optional<String> statusUrl,
      Optional<String> label,
      List<Webhook> webhooks,
      List<BoundAgent> bindings,
      List<Trunk> trunks,
      RoutingPolicies policies) {
    public HeldRoute {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(organizationId, "organizationId");
      Objects.requireNonNull(number, "number");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(inboundUrl, "inboundUrl");
      Objects.requireNonNull(statusUrl, "statusUrl");
      Objects.requireNonNull(label, "label");
      webhooks = List.copyOf(webhooks);
      bindings = List.copyOf(bindings);
      trunks = List.copyOf(trunks);
      Objects.requireNonNull(policies, "policies");
    }

    /** A route without policies. */
    public HeldRoute(
        PhoneNumberId id,
        OrganizationId organizationId,
        String number,
        NumberStatus status,
        boolean inboundEnabled,
        boolean voiceEnabled,
        boolean smsEnabled,
        int inboundChannelLimit,
        Optional<String> inboundUrl,
        Optional<String> statusUrl,
        Optional<String> label,
        List<Webhook> webhooks,
        List<BoundAgent> bindings,
        List<Trunk> trunks) {
      this(
          id,
          organizationId,
          number,
          status,
          inboundEnabled,
          voiceEnabled,
          smsEnabled,
          inboundChannelLimit,
          inboundUrl,
          statusUrl,
          label,
          webhooks,
          bindings,
          trunks,
          RoutingPolicies.NONE);
    }
  }
}
