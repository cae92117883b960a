package io.switchboard.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.application.contract.IdempotencyStoreContract;
import io.switchboard.application.port.IdempotencyStore.StoredResponse;
import io.switchboard.application.port.Ports;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.persistence.testing.TestDatabaseExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JooqIdempotencyStoreIT extends IdempotencyStoreContract {
  @RegisterExtension static final TestDatabaseExtension database = new TestDatabaseExtension();
  private static Ports ports;
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @BeforeAll
  static void wire() {
    ports = JooqTestPorts.on(database.database());
  }

  @Override
  protected Ports ports() {
    return ports;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  // The completion waits for the COMMIT's round trip; these hold what sending it at once
  // guaranteed.

  @Test
  void a_completion_without_a_claim_aborts_the_transaction_it_would_have_committed_with() {
    OrganizationId org = newOrganization();

    assertThatThrownBy(() ->
            ports
                .transactions()
                .inTransaction(() -> {
                  ports
                      .idempotency()
                      .claim(org, "claimed", bytes("f"), NOW, NOW.plus(Duration.ofHours(1)));
                  ports.idempotency().complete(org, "never-claimed", bytes("response"));
                  return null;
                }))
        .isInstanceOf(RuntimeException.class);

    Optional<StoredResponse> again =
        ports
            .transactions()
            .inTransaction(() ->
                ports
                    .idempotency()
                    .claim(org, "claimed", bytes("f"), NOW, NOW.plus(Duration.ofHours(1))));
    assertThat(again).as("the claim went with the rollback").isEmpty();
  }

  @Test
  void a_statement_after_the_completion_in_the_same_transaction_sees_it() {
    OrganizationId org = newOrganization();

    Optional<StoredResponse> seen =
        ports
            .transactions()
            .inTransaction(() -> {
              ports.idempotency().claim(org, "key", bytes("f"), NOW, NOW.plus(Duration.ofHours(1)));
              ports.idempotency().complete(org, "key", bytes("response"));
              return ports
                  .idempotency()
                  .claim(org, "key", bytes("f"), NOW, NOW.plus(Duration.ofHours(1)));
            });

    assertThat(seen)
        .hasValueSatisfying(stored -> assertThat(stored.response()).isEqualTo(bytes("response")));
  }
}
