package io.switchboard.application.routing;

import io.switchboard.application.port.query.BoundAgent;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.number.NumberStatus;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.routing.Webhook;
import io.switchboard.domain.routing.policy.ChannelPolicy;
import io.switchboard.domain.routing.policy.RoutingPolicies;
import io.switchboard.domain.trunk.Trunk;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A held number as routes show it: only what a route answer needs, kept small because the route
 * cache holds one per number (ids as two longs, switches as bits, absent values as nulls; the
 * organization id, agent ids and names, labels, URLs and policies are shared between the numbers
 * that repeat them).
 */
public final class RoutedNumber implements RouteEntry, RouteCache.Kept {
  static final byte INBOUND_ENABLED = 1;
  static final byte VOICE_ENABLED = 1 << 1;
  static final byte SMS_ENABLED = 1 << 2;

  /** A webhook asks for the agent when a call connects, so calls route without a bound agent. */
  static final byte CALL_CONNECTION_WEBHOOK = 1 << 3;

  private static final NumberStatus[] STATUSES = NumberStatus.values();

  private final long idHigh;
  private final long idLow;
  private final OrganizationId organizationId;
  private final String number;
  private final byte status;
  private final byte flags;
  private final int channelLimit;

  /** Indexed by {@link BindingChannel#ordinal()}; null when no channel has an agent. */
  private final BoundAgent[] agents;

  private final String inboundUrl;
  private final String statusUrl;
  private final String label;
  private final List<Webhook> webhooks;
  private final List<Trunk> trunks;

  /** Null when the number has none (most numbers), so that they cost a reference and no more. */
  private final RoutingPolicies policies;

  /** Fits the padding the fields above leave, so it costs no memory. */
  private final int generation;

  RoutedNumber(
      PhoneNumberId id,
      OrganizationId organizationId,
      String number,
      NumberStatus status,
      byte flags,
      int channelLimit,
      BoundAgent[] agents,
      String inboundUrl,
      String statusUrl,
      String label,
      List<Webhook> webhooks,
      List<Trunk> trunks,
      RoutingPolicies policies,
      int generation) {
    this.idHigh = id.value().getMostSignificantBits();
    this.idLow = id.value().getLeastSignificantBits();
    this.organizationId = organizationId;
    this.number = number;
    this.status = (byte) status.ordinal();
    this.flags = flags;
    this.channelLimit = channelLimit;
    this.agents = agents;
    this.inboundUrl = inboundUrl;
    this.statusUrl = statusUrl;
    this.label = label;
    this.webhooks = webhooks.isEmpty() ? List.of() : webhooks;
    this.trunks = trunks.isEmpty() ? List.of() : trunks;
    this.policies = policies == null || policies.isEmpty() ? null : policies;
    this.generation = generation;
  }

  @Override
  public int generation() {
    return generation;
  }

  public PhoneNumberId id() {
    return new PhoneNumberId(new UUID(idHigh, idLow));
  }

  public OrganizationId organizationId() {
    return organizationId;
  }

  /** The canonical E.164 number. */
  public String number() {
    return number;
  }

  public NumberStatus status() {
    return STATUSES[status];
  }

  public Optional<String> inboundUrl() {
    return Optional.ofNullable(inboundUrl);
  }

  public Optional<String> statusUrl() {
    return Optional.ofNullable(statusUrl);
  }

  public Optional<String> label() {
    return Optional.ofNullable(label);
  }

  public List<Webhook> webhooks() {
    return webhooks;
  }

  boolean has(byte flag) {
    return (flags & flag) != 0;
  }

  int channelLimit() {
    return channelLimit;
  }

  /** The agent taking this channel's traffic, null when none. */
  BoundAgent agent(BindingChannel channel) {
    return agents == null ? null : agents[channel.ordinal()];
  }

  List<Trunk> trunks() {
    return trunks;
  }

  /** The channel's inbound policies; {@link ChannelPolicy#NONE} when it has none. */
  ChannelPolicy policy(BindingChannel channel) {
    return policies == null ? ChannelPolicy.NONE : policies.of(channel);
  }

  @Override
  public String toString() {
    return "RoutedNumber[" + number + ", " + id() + "]";
  }
}
