package io.switchboard.application.fakes;

import io.switchboard.application.contract.PhoneNumberRepositoryContract;
import io.switchboard.application.port.Ports;

class InMemoryPhoneNumberRepositoryTest extends PhoneNumberRepositoryContract {
  private final Ports ports = InMemoryPorts.create();

  @Override
  protected Ports ports() {
    return ports;
  }
}
