package io.switchboard.application.fakes;

import io.switchboard.application.contract.AccountsContract;
import io.switchboard.application.port.Ports;

class InMemoryAccountsTest extends AccountsContract {
  private final Ports ports = InMemoryPorts.create();

  @Override
  protected Ports ports() {
    return ports;
  }
}
