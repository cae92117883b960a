package io.switchboard.domain.routing;

import io.switchboard.domain.number.NumberStatus;

/**
 * Policy: where inbound traffic for a number goes, or precisely why it goes nowhere. The first rule
 * that fails names the outcome, in this order: the number is unknown or released, not active, the
 * channel is switched off, nothing takes the traffic (no agent bound and no agent-less route such
 * as an inbound URL).
 */
public final class InboundRoutingPolicy {
  private InboundRoutingPolicy() {}

  public enum Outcome {
    ROUTABLE,
    UNKNOWN_NUMBER,
    NUMBER_RELEASED,
    NUMBER_INACTIVE,
    CHANNEL_DISABLED,
    NO_AGENT_BOUND
  }

  /** For a number no organization holds now. */
  public static Outcome absent(boolean releasedInQuarantine) {
    return releasedInQuarantine ? Outcome.NUMBER_RELEASED : Outcome.UNKNOWN_NUMBER;
  }

  /** For a held number. */
  public static Outcome held(
      NumberStatus status, boolean channelEnabled, boolean agentBound, boolean routedWithoutAgent) {
    if (status != NumberStatus.ACTIVE) {
      return Outcome.NUMBER_INACTIVE;
    }
    if (!channelEnabled) {
      return Outcome.CHANNEL_DISABLED;
    }
    if (!agentBound && !routedWithoutAgent) {
      return Outcome.NO_AGENT_BOUND;
    }
    return Outcome.ROUTABLE;
  }
}
