package io.switchboard.persistence;

import io.switchboard.application.contract.JobRepositoryContract;
import io.switchboard.application.port.Ports;
import io.switchboard.persistence.testing.TestDatabaseExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

class JooqJobRepositoryIT extends JobRepositoryContract {
  @RegisterExtension static final TestDatabaseExtension database = new TestDatabaseExtension();
  private static Ports ports;

  @BeforeAll
  static void wire() {
    ports = JooqTestPorts.on(database.database());
  }

  @Override
  protected Ports ports() {
    return ports;
  }
}
