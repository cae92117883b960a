package io.switchboard.domain.binding;

/**
 * The channels an agent can be bound on. Settings call the voice channel "voice"; bindings call it
 * "call".
 */
public enum BindingChannel {
  CALL,
  SMS,
  WHATSAPP
}
