package io.switchboard.application.fakes;

import io.switchboard.application.contract.InventoryRepositoryContract;
import io.switchboard.application.port.Ports;

class InMemoryInventoryRepositoryTest extends InventoryRepositoryContract {
  private final Ports ports = InMemoryPorts.create();

  @Override
  protected Ports ports() {
    return ports;
  }
}
