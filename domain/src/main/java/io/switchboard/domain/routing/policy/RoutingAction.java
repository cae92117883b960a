package io.switchboard.domain.routing.policy;

/** What a call router does with inbound traffic once the policies have decided. */
public enum RoutingAction {
  /** To the agent named in the answer (or, with none named, the one the inbound URL yields). */
  ROUTE_TO_AGENT,
  TRANSFER_TO_NUMBER,
  ROUTE_TO_SIP_URI,
  REJECT,
  /** The number is at its concurrency limit and has no fallback. */
  BUSY
}
