package io.switchboard.application.fakes;

import io.switchboard.application.contract.JobRepositoryContract;
import io.switchboard.application.port.Ports;

class InMemoryJobRepositoryTest extends JobRepositoryContract {
  private final Ports ports = InMemoryPorts.create();

  @Override
  protected Ports ports() {
    return ports;
  }
}
