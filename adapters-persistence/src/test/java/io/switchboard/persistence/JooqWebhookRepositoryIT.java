package io.switchboard.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.application.contract.Samples;
import io.switchboard.application.contract.WebhookRepositoryContract;
import io.switchboard.application.port.Ports;
import io.switchboard.domain.webhook.WebhookEndpoint;
import io.switchboard.persistence.testing.TestDatabaseExtension;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JooqWebhookRepositoryIT extends WebhookRepositoryContract {
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
  void the_stored_signing_secret_is_ciphertext_under_a_key_id_not_the_plaintext() throws Exception {
    WebhookEndpoint endpoint = newEndpoint(newOrganization(), Samples.T0);

    try (Connection c = database.database().openConnection();
        PreparedStatement select =
            c.prepareStatement(
                "SELECT secret, secret_key_id FROM webhook_endpoints WHERE id = ?")) {
      select.setObject(1, endpoint.id().value());
      try (ResultSet row = select.executeQuery()) {
        assertThat(row.next()).isTrue();
        assertThat(new String(row.getBytes(1), StandardCharsets.ISO_8859_1))
            .doesNotContain("whsec_secret");
        assertThat(row.getString(2)).isEqualTo("test-key");
      }
    }
  }
}
