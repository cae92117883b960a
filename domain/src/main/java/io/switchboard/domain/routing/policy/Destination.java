package io.switchboard.domain.routing.policy;

import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.number.E164;
import java.util.Objects;

/**
 * Where a policy sends traffic instead of the number's own agent: another agent, an E.164 number to
 * transfer to, a SIP URI, or nowhere (rejected, with the reason given).
 */
public sealed interface Destination {

  /** The action a router takes for this destination. */
  RoutingAction action();

  /** The target as text (agent id, number, URI or reason), for answers and explanations. */
  String target();

  record ToAgent(AgentId agentId) implements Destination {
    public ToAgent {
      Objects.requireNonNull(agentId, "agentId");
    }

    @Override
    public RoutingAction action() {
      return RoutingAction.ROUTE_TO_AGENT;
    }

    @Override
    public String target() {
      return agentId.value();
    }
  }

  record ToNumber(E164 number) implements Destination {
    public ToNumber {
      Objects.requireNonNull(number, "number");
    }

    @Override
    public RoutingAction action() {
      return RoutingAction.TRANSFER_TO_NUMBER;
    }

    @Override
    public String target() {
      return number.value();
    }
  }

  record ToSipUri(SipUri uri) implements Destination {
    public ToSipUri {
      Objects.requireNonNull(uri, "uri");
    }

    @Override
    public RoutingAction action() {
      return RoutingAction.ROUTE_TO_SIP_URI;
    }

    @Override
    public String target() {
      return uri.value();
    }
  }

  record Reject(RejectReason reason) implements Destination {
    public Reject {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public RoutingAction action() {
      return RoutingAction.REJECT;
    }

    @Override
    public String target() {
      return reason.value();
    }
  }
}
