package io.switchboard.domain.agent;

import static io.switchboard.domain.DomainFixtures.ORG;
import static io.switchboard.domain.DomainFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.error.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AgentTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"agent-1", "3f2c9a4e-8b1d-4c6e-9f0a-2b7d5e1c8a93", "org:agent.v2_beta", "A"})
  void an_agent_id_is_an_opaque_token_of_safe_characters(String value) {
    assertThat(new AgentId(value)).hasToString(value);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "agent 1",
        "agent/1",
        "agent\n1",
        "ägent",
        "agent#1",
        "'; drop table agents; --"
      })
  void an_agent_id_with_other_characters_is_an_invalid_argument(String value) {
    assertThatThrownBy(() -> new AgentId(value))
        .isExactlyInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void an_agent_id_is_at_most_128_characters() {
    assertThat(new AgentId("a".repeat(128)).value()).hasSize(128);
    assertThatThrownBy(() -> new AgentId("a".repeat(129)))
        .isExactlyInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void renaming_an_agent_keeps_its_identity_and_stamps_the_time() {
    var agent = new Agent(new AgentId("agent-1"), ORG, "Support bot", T0, T0);

    Agent renamed = agent.rename("Sales bot", T0.plusSeconds(5));

    assertThat(renamed.id()).isEqualTo(agent.id());
    assertThat(renamed.displayName()).isEqualTo("Sales bot");
    assertThat(renamed.createdAt()).isEqualTo(T0);
    assertThat(renamed.updatedAt()).isEqualTo(T0.plusSeconds(5));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "two\nlines"})
  void a_blank_or_multi_line_display_name_is_refused_under_display_name(String name) {
    assertThatThrownBy(() -> new Agent(new AgentId("agent-1"), ORG, name, T0, T0))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class,
            e ->
                assertThat(e.violations())
                    .singleElement()
                    .satisfies(v -> assertThat(v.field()).isEqualTo("display_name")));
  }
}
