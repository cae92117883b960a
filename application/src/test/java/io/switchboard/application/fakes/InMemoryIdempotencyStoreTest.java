package io.switchboard.application.fakes;

import io.switchboard.application.contract.IdempotencyStoreContract;
import io.switchboard.application.port.Ports;

class InMemoryIdempotencyStoreTest extends IdempotencyStoreContract {
  private final Ports ports = InMemoryPorts.create();

  @Override
  protected Ports ports() {
    return ports;
  }
}
