package io.switchboard.domain.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.domain.number.NumberStatus;
import io.switchboard.domain.routing.InboundRoutingPolicy.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class InboundRoutingPolicyTest {

  @Test
  void a_number_nobody_holds_is_unknown_unless_it_sits_out_its_quarantine() {
    assertThat(InboundRoutingPolicy.absent(false)).isEqualTo(Outcome.UNKNOWN_NUMBER);
    assertThat(InboundRoutingPolicy.absent(true)).isEqualTo(Outcome.NUMBER_RELEASED);
  }

  @ParameterizedTest
  @EnumSource(value = NumberStatus.class, names = "ACTIVE", mode = EnumSource.Mode.EXCLUDE)
  void a_number_that_is_not_active_routes_nothing_whatever_else_holds(NumberStatus status) {
    assertThat(InboundRoutingPolicy.held(status, true, true, true))
        .isEqualTo(Outcome.NUMBER_INACTIVE);
  }

  @Test
  void a_disabled_channel_comes_before_a_missing_agent() {
    assertThat(InboundRoutingPolicy.held(NumberStatus.ACTIVE, false, false, false))
        .isEqualTo(Outcome.CHANNEL_DISABLED);
    assertThat(InboundRoutingPolicy.held(NumberStatus.ACTIVE, false, true, true))
        .isEqualTo(Outcome.CHANNEL_DISABLED);
  }

  @Test
  void traffic_needs_an_agent_or_an_agent_less_route() {
    assertThat(InboundRoutingPolicy.held(NumberStatus.ACTIVE, true, false, false))
        .isEqualTo(Outcome.NO_AGENT_BOUND);
    assertThat(InboundRoutingPolicy.held(NumberStatus.ACTIVE, true, true, false))
        .isEqualTo(Outcome.ROUTABLE);
    assertThat(InboundRoutingPolicy.held(NumberStatus.ACTIVE, true, false, true))
        .isEqualTo(Outcome.ROUTABLE);
  }
}
