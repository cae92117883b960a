package io.switchboard.application.fakes;

import io.switchboard.application.contract.TransactionsContract;
import io.switchboard.application.port.Ports;

class InMemoryTransactionsTest extends TransactionsContract {
  private final Ports ports = InMemoryPorts.create();

  @Override
  protected Ports ports() {
    return ports;
  }
}
