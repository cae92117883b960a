package io.switchboard.application.fakes;

import io.switchboard.application.contract.TrunkRepositoryContract;
import io.switchboard.application.port.Ports;

class InMemoryTrunkRepositoryTest extends TrunkRepositoryContract {
  private final Ports ports = InMemoryPorts.create();

  @Override
  protected Ports ports() {
    return ports;
  }
}
