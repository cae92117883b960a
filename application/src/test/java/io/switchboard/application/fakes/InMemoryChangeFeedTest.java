package io.switchboard.application.fakes;

import io.switchboard.application.contract.ChangeFeedContract;
import io.switchboard.application.port.Ports;

class InMemoryChangeFeedTest extends ChangeFeedContract {
  private final Ports ports = InMemoryPorts.create();

  @Override
  protected Ports ports() {
    return ports;
  }
}
