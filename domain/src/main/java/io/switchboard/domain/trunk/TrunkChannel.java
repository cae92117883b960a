package io.switchboard.domain.trunk;

import io.switchboard.domain.binding.BindingChannel;

/** The channels an external trunk can carry. SMS never goes through a trunk. */
public enum TrunkChannel {
  CALL,
  WHATSAPP;

  public BindingChannel bindingChannel() {
    return this == CALL ? BindingChannel.CALL : BindingChannel.WHATSAPP;
  }
}
