package io.switchboard.application.fakes;

import io.switchboard.application.contract.BindingRepositoryContract;
import io.switchboard.application.port.Ports;

class InMemoryBindingRepositoryTest extends BindingRepositoryContract {
  private final Ports ports = InMemoryPorts.create();

  @Override
  protected Ports ports() {
    return ports;
  }
}
