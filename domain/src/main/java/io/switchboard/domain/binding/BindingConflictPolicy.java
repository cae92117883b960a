package io.switchboard.domain.binding;

/**
 * What to do when a binding would break "one agent per (number, channel)" or "one number per
 * (agent, channel)".
 */
public enum BindingConflictPolicy {
  /** Refuse with ALREADY_EXISTS (the default). */
  REJECT,
  /**
   * Take the number over from its current agent and let the agent serve several numbers
   * (Mindhunters {@code force}).
   */
  FORCE,
  /**
   * Move the agent: its previous number on this channel is unbound (Mindhunters SMS assignment).
   */
  MOVE_AGENT
}
