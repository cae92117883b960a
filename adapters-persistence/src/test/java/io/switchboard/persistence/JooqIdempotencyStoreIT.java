package io.switchboard.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.application.contract.IdempotencyStoreContract;
import io.switchboard.application.port.IdempotencyStore.KeyTakenException;
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
  private static final Instant LATER = NOW.plus(Duration.ofHours(1));

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

  // The record travels with the COMMIT; these hold what sending it at once would guarantee.

  @Test
  void a_key_taken_at_commit_aborts_the_transaction_it_would_have_committed_with() {
    OrganizationId org = newOrganization();
    ports
        .transactions()
        .run(() -> ports.idempotency().store(org, "taken", bytes("f"), bytes("r"), NOW, LATER));

    assertThatThrownBy(() ->
            ports
                .transactions()
                .run(() -> {
                  ports.idempotency().store(org, "free", bytes("f"), bytes("r"), NOW, LATER);
                  ports.idempotency().store(org, "taken", bytes("g"), bytes("s"), NOW, LATER);
                }))
        .isInstanceOf(KeyTakenException.class);

    assertThat(find(org, "free")).as("went with the rollback").isEmpty();
  }

  @Test
  void a_statement_after_the_store_in_the_same_transaction_sees_it() {
    OrganizationId org = newOrganization();

    Optional<StoredResponse> seen =
        ports
            .transactions()
            .inTransaction(() -> {
              ports.idempotency().store(org, "key", bytes("f"), bytes("response"), NOW, LATER);
              return ports.idempotency().find(org, "key", NOW);
            });

    assertThat(seen)
        .hasValueSatisfying(stored -> assertThat(stored.response()).isEqualTo(bytes("response")));
  }

  private static Optional<StoredResponse> find(OrganizationId org, String key) {
    return ports
        .transactions()
        .read(Optional.empty(), () -> ports.idempotency().find(org, key, NOW));
  }
}
