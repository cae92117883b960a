package io.switchboard.application.fakes;

import io.switchboard.application.contract.WebhookRepositoryContract;
import io.switchboard.application.port.Ports;

class InMemoryWebhookRepositoryTest extends WebhookRepositoryContract {
  private final Ports ports = InMemoryPorts.create();

  @Override
  protected Ports ports() {
    return ports;
  }
}
