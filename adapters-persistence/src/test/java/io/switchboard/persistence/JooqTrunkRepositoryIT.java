package io.switchboard.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.application.contract.TrunkRepositoryContract;
import io.switchboard.application.port.Ports;
import io.switchboard.domain.trunk.Trunk;
import io.switchboard.persistence.testing.TestDatabaseExtension;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JooqTrunkRepositoryIT extends TrunkRepositoryContract {
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

  @Test
  void the_stored_sip_password_is_ciphertext_not_the_plaintext() throws Exception {
    String password = "Hunter2-plaintext-password";
    Trunk trunk = callTrunk(newExternalNumber(newOrganization()), password);
    ports.trunks().insert(trunk);

    try (Connection c = database.database().openConnection();
        PreparedStatement select =
            c.prepareStatement(
                "SELECT sip_password, sip_password_key_id, sip_username FROM trunks WHERE id = ?")) {
      select.setObject(1, trunk.id().value());
      try (ResultSet row = select.executeQuery()) {
        assertThat(row.next()).isTrue();
        byte[] stored = row.getBytes(1);
        assertThat(new String(stored, StandardCharsets.ISO_8859_1))
            .doesNotContain(password)
            .doesNotContain("Hunter2");
        assertThat(stored.length)
            .isGreaterThan(password.length()); // nonce and tag around the ciphertext
        assertThat(row.getString(2)).isEqualTo("test-key");
        assertThat(new String(row.getBytes(3), StandardCharsets.ISO_8859_1))
            .doesNotContain("trunk-user");
      }
    }
    assertThat(
            ports
                .cipher()
                .open(
                    ports
                        .trunks()
                        .findById(trunk.organizationId(), trunk.id())
                        .orElseThrow()
                        .sip()
                        .password()
                        .orElseThrow()))
        .isEqualTo(password);
  }
}
