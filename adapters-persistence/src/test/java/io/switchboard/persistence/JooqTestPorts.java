package io.switchboard.persistence;

import io.switchboard.application.port.Ports;
import io.switchboard.persistence.crypto.AesGcmSecretCipher;
import io.switchboard.persistence.testing.TestDatabase;
import java.security.SecureRandom;
import java.time.Clock;

/** The jOOQ adapters wired on a test database, as bootstrap wires them on the real one. */
final class JooqTestPorts {
  private JooqTestPorts() {}

  static Ports on(TestDatabase database) {
    byte[] key = new byte[AesGcmSecretCipher.KEY_BYTES];
    new SecureRandom().nextBytes(key);
    return JooqPorts.create(
        database.dataSource(),
        Clock.systemUTC(),
        database::openConnection,
        new AesGcmSecretCipher("test-key", key));
  }
}
