package io.switchboard.application.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.agent.Agent;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.error.AlreadyExistsException;
import io.switchboard.domain.org.ApiKey;
import io.switchboard.domain.org.ApiKeyId;
import io.switchboard.domain.org.Organization;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.org.Scope;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Organizations, their API keys and their agents. */
public abstract class AccountsContract extends PortContract {

  private static byte[] sha256(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void an_organization_is_found_by_id_and_name_and_names_are_unique() {
    Organization organization = Samples.organization();
    ports().organizations().insert(organization);

    assertThat(ports().organizations().findById(organization.id())).contains(organization);
    assertThat(ports().organizations().findByName(organization.name())).contains(organization);
    assertThat(
            ports()
                .transactions()
                .inTransaction(() -> ports().organizations().lock(organization.id())))
        .contains(organization);
    Organization sameName =
        new Organization(OrganizationId.random(), organization.name(), 1, Samples.T0);
    assertThatThrownBy(() -> ports().organizations().insert(sameName))
        .isInstanceOfSatisfying(
            AlreadyExistsException.class,
            e -> assertThat(e.reason().wire()).isEqualTo("ORGANIZATION_ALREADY_EXISTS"));
  }

  @Test
  void an_api_key_is_found_by_its_secret_hash_and_scoped_lookups_respect_the_organization() {
    OrganizationId org = newOrganization();
    OrganizationId stranger = newOrganization();
    String secret = "sk_live_" + UUID.randomUUID();
    ApiKey key =
        new ApiKey(
            ApiKeyId.random(),
            org,
            "ci key",
            secret.substring(0, 12),
            sha256(secret),
            Set.of(Scope.NUMBERS_READ, Scope.TRUNK_CREDENTIALS),
            Samples.T0,
            Optional.empty());
    ports().apiKeys().insert(key);

    ApiKey found = ports().apiKeys().findBySecretHash(sha256(secret)).orElseThrow();
    assertThat(found.id()).isEqualTo(key.id());
    assertThat(found.scopes()).isEqualTo(key.scopes());
    assertThat(found.secretHash()).isEqualTo(key.secretHash());
    assertThat(ports().apiKeys().findBySecretHash(sha256("wrong"))).isEmpty();
    assertThat(ports().apiKeys().findById(stranger, key.id())).isEmpty();
    assertThat(ports().apiKeys().list(stranger)).isEmpty();

    ports().apiKeys().update(key.revoke(Samples.T0.plusSeconds(60)));

    ApiKey revoked = ports().apiKeys().findById(org, key.id()).orElseThrow();
    assertThat(revoked.revokedAt()).contains(Samples.T0.plusSeconds(60));
    assertThat(ports().apiKeys().list(org)).extracting(ApiKey::id).containsExactly(key.id());
  }

  @Test
  void an_agent_upsert_inserts_then_renames_keeping_its_creation_time() {
    OrganizationId org = newOrganization();
    OrganizationId stranger = newOrganization();
    Agent agent = newAgent(org, "agent-1");
    Agent renamed = agent.rename("Renamed agent", Samples.T0.plusSeconds(30));

    ports().agents().upsert(renamed);

    assertThat(ports().agents().find(org, agent.id())).contains(renamed);
    assertThat(ports().agents().find(stranger, agent.id())).isEmpty();
    assertThat(ports().agents().displayNames(org, List.of(agent.id(), new AgentId("unknown"))))
        .isEqualTo(Map.of(agent.id(), "Renamed agent"));
    assertThat(ports().agents().displayNames(stranger, List.of(agent.id()))).isEmpty();
  }
}
