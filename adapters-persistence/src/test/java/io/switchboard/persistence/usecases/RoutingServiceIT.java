package io.switchboard.persistence.usecases;

import static io.switchboard.persistence.usecases.UseCaseSupport.ref;
import static io.switchboard.persistence.usecases.UseCaseSupport.usNumber;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.application.binding.BindAgentUseCase;
import io.switchboard.application.routing.RouteResolution.Outcome;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.binding.BindingConflictPolicy;
import io.switchboard.persistence.testing.TestApplication;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RoutingService across replicas of one database: what only the database's change feed can carry. Every outcome of a
 * single instance is tested on the fakes (application's ResolveInboundTest).
 */
class RoutingServiceIT {
  static TestApplication app;

  @BeforeAll
  static void start() {
    app = SharedApplication.get();
  }

  @Test
  void a_replica_cache_follows_changes_made_through_another_instance() throws Exception {
    var acme = app.tenant("acme");
    acme.agent("replica-agent", "Replica");
    String number = usNumber();
    var bought = acme.buy(number);
    try (var replica = app.replica()) {
      var before = replica.useCases().resolveInbound().resolve(replica.operator(), number, BindingChannel.CALL,
          Optional.empty());
      assertThat(before.outcome()).isEqualTo(Outcome.NO_AGENT_BOUND);

      app.useCases().bindAgent().bind(acme.quickContext(), new BindAgentUseCase.Command(ref(bought),
          BindingChannel.CALL, new AgentId("replica-agent"), BindingConflictPolicy.REJECT));
      replica.useCases().routeCache().catchUp();

      var after = replica.useCases().resolveInbound().resolve(replica.operator(), number, BindingChannel.CALL,
          Optional.empty());
      assertThat(after.outcome()).isEqualTo(Outcome.ROUTABLE);
    }
  }
}
